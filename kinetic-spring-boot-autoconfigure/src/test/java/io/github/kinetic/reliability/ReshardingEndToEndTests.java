package io.github.kinetic.reliability;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running consumer while its stream goes 2 -> 4 -> 2 shards (UpdateShardCount, uniform
 * scaling), then through one SplitShard and one MergeShards, with a producer writing a
 * numbered series per partition key all along: every record is delivered, and for each
 * key the first deliveries come in the order written, which holds only if KCL finishes a
 * parent shard before it starts its children.
 */
class ReshardingEndToEndTests {

	private static final int KEYS = 16;

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEveryRecordInKeyOrderThroughScalingSplitAndMerge() throws Exception {
		String stream = KineticTestApplications.uniqueName("reshard");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		KeyedProducer producer = new KeyedProducer(aws.kinesis(), stream);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(RecordingApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			RecordingListener listener = context.getBean(RecordingListener.class);
			producer.start();
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.received().size() >= 200);

			List<String> phases = new ArrayList<>();
			phases
				.add(phase("UpdateShardCount 2 -> 4", stream, producer, listener,
						(kinesis) -> kinesis.updateShardCount((request) -> request.streamName(stream)
							.targetShardCount(4)
							.scalingType(ScalingType.UNIFORM_SCALING)).join()));
			phases
				.add(phase("UpdateShardCount 4 -> 2", stream, producer, listener,
						(kinesis) -> kinesis.updateShardCount((request) -> request.streamName(stream)
							.targetShardCount(2)
							.scalingType(ScalingType.UNIFORM_SCALING)).join()));
			phases.add(phase("SplitShard", stream, producer, listener, (kinesis) -> {
				Shard shard = openShards(stream).get(0);
				BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
				BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
				String middle = start.add(end).shiftRight(1).toString();
				kinesis
					.splitShard((request) -> request.streamName(stream)
						.shardToSplit(shard.shardId())
						.newStartingHashKey(middle))
					.join();
			}));
			phases.add(phase("MergeShards", stream, producer, listener, (kinesis) -> {
				List<Shard> open = openShards(stream);
				assertThat(open).hasSize(3);
				kinesis
					.mergeShards((request) -> request.streamName(stream)
						.shardToMerge(open.get(0).shardId())
						.adjacentShardToMerge(open.get(1).shardId()))
					.join();
			}));
			List<String> written = producer.stop();

			await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(missing(written, listener)).isEmpty());
			List<String> deliveries = listener.received();
			List<String> firstDeliveries = new ArrayList<>(new LinkedHashSet<>(deliveries));
			assertThat(firstDeliveries).hasSameSizeAs(written);
			assertThat(byKey(firstDeliveries)).isEqualTo(byKey(written));
			assertThat(openShards(stream)).hasSize(2);
			phases.forEach(System.out::println);
			System.out.printf("Resharding: %d written, %d deliveries, 0 lost, %d duplicates, %d shards in all%n",
					written.size(), deliveries.size(), deliveries.size() - firstDeliveries.size(),
					aws.kinesis().listShards((request) -> request.streamName(stream)).join().shards().size());
		}
		finally {
			producer.stop();
		}
	}

	/**
	 * Reshard, and wait until every record written up to a little after the stream is
	 * active again has been delivered, which needs the children to be consumed.
	 */
	private String phase(String name, String stream, KeyedProducer producer, RecordingListener listener,
			Consumer<KinesisAsyncClient> reshard) {
		int shardsBefore = aws.kinesis().listShards((request) -> request.streamName(stream)).join().shards().size();
		long start = System.nanoTime();
		reshard.accept(aws.kinesis());
		await().atMost(Duration.ofMinutes(1))
			.until(() -> aws.kinesis()
				.describeStreamSummary((request) -> request.streamName(stream))
				.join()
				.streamDescriptionSummary()
				.streamStatus() == StreamStatus.ACTIVE);
		int writtenWhenActive = producer.written().size();
		await().atMost(Duration.ofMinutes(1)).until(() -> producer.written().size() >= writtenWhenActive + 4 * KEYS);
		List<String> due = producer.written();
		await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(missing(due, listener)).isEmpty());
		int shardsAfter = aws.kinesis().listShards((request) -> request.streamName(stream)).join().shards().size();
		return String.format(
				"Resharding phase %s: %d shards listed before, %d after; records written before it and until"
						+ " just after it delivered %.1f s after the request",
				name, shardsBefore, shardsAfter, (System.nanoTime() - start) / 1e9);
	}

	private static List<String> missing(List<String> written, RecordingListener listener) {
		Set<String> received = new HashSet<>(listener.received());
		return written.stream().filter((record) -> !received.contains(record)).toList();
	}

	private static List<Shard> openShards(String stream) {
		return aws.kinesis()
			.listShards((request) -> request.streamName(stream))
			.join()
			.shards()
			.stream()
			.filter((shard) -> shard.sequenceNumberRange().endingSequenceNumber() == null)
			.sorted(Comparator.comparing((Shard shard) -> new BigInteger(shard.hashKeyRange().startingHashKey())))
			.toList();
	}

	private static Map<String, List<String>> byKey(List<String> records) {
		Map<String, List<String>> byKey = new HashMap<>();
		for (String record : records) {
			byKey.computeIfAbsent(record.substring(0, record.indexOf(':')), (key) -> new ArrayList<>()).add(record);
		}
		return byKey;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RecordingApplication {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class RecordingListener {

		/** Every delivery, in the order the listener saw them across all shards. */
		private final List<String> received = new ArrayList<>();

		@KinesisListener
		synchronized void onRecord(String payload) {
			this.received.add(payload);
		}

		synchronized List<String> received() {
			return new ArrayList<>(this.received);
		}

	}

	/**
	 * Writes one record per key every 100 ms, {@code key-07:123} being the 123rd record
	 * of key 7. A batch holds each key once and is written (refused entries again) before
	 * the next, so each key's records enter the stream in the order of their numbers.
	 */
	static final class KeyedProducer {

		private final KinesisAsyncClient kinesis;

		private final String stream;

		private final List<String> written = Collections.synchronizedList(new ArrayList<>());

		private final Thread thread;

		private volatile boolean stopped;

		KeyedProducer(KinesisAsyncClient kinesis, String stream) {
			this.kinesis = kinesis;
			this.stream = stream;
			this.thread = new Thread(this::run, "resharding-producer");
		}

		void start() {
			this.thread.start();
		}

		List<String> written() {
			synchronized (this.written) {
				return new ArrayList<>(this.written);
			}
		}

		List<String> stop() throws InterruptedException {
			this.stopped = true;
			if (this.thread.isAlive()) {
				this.thread.join();
			}
			return written();
		}

		private void run() {
			int number = 0;
			while (!this.stopped) {
				List<PutRecordsRequestEntry> pending = new ArrayList<>();
				for (int key = 0; key < KEYS; key++) {
					String partitionKey = String.format("key-%02d", key);
					pending.add(PutRecordsRequestEntry.builder()
						.partitionKey(partitionKey)
						.data(SdkBytes.fromUtf8String(partitionKey + ":" + number))
						.build());
				}
				number++;
				while (!pending.isEmpty() && !Thread.currentThread().isInterrupted()) {
					pending = put(pending);
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		private List<PutRecordsRequestEntry> put(List<PutRecordsRequestEntry> batch) {
			try {
				PutRecordsResponse response = this.kinesis
					.putRecords((request) -> request.streamName(this.stream).records(batch))
					.join();
				List<PutRecordsRequestEntry> refused = new ArrayList<>();
				for (int i = 0; i < batch.size(); i++) {
					if (response.records().get(i).errorCode() != null) {
						refused.add(batch.get(i));
					}
					else {
						this.written.add(batch.get(i).data().asUtf8String());
					}
				}
				return refused;
			}
			catch (RuntimeException ex) {
				// refused as a whole while the stream is updating: written again
				return batch;
			}
		}

	}

}
