package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real KCL against the Kinesis and DynamoDB emulators, through a Spring Boot context.
 */
class KinesisListenerEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEveryRecordOfATwoShardStreamAndCheckpointsEachShard() {
		String stream = KineticTestApplications.uniqueName("all-records");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> sent = IntStream.range(0, 1200).mapToObj((i) -> "record-" + i + "-\u00e9\u6f22").toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= sent.size());
			assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
			Map<String, String> lastSequenceNumbers = lastSequenceNumberOfEachShard(stream);
			assertThat(lastSequenceNumbers).hasSize(2);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)))
					.isEqualTo(lastSequenceNumbers));
		}
	}

	@Test
	void retriesAFailedBatchInPlaceAndNeverCheckpointsItWhileItFails() {
		String stream = KineticTestApplications.uniqueName("retry");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 50).mapToObj((i) -> "event-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(
				FailingThriceListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon",
						"kinetic.listener.back-off.initial-interval", "300ms", "kinetic.listener.back-off.multiplier",
						"1.5"))) {
			FailingThriceListener listener = context.getBean(FailingThriceListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.processed.size() >= sent.size());
			assertThat(listener.processed).containsExactlyElementsOf(sent);
			// the first batch is attempted four times (three failures, then success);
			// from
			// its successful attempt on, every record is delivered exactly once, in order
			assertThat(listener.attempts).hasSizeGreaterThanOrEqualTo(4);
			List<String> firstBatch = listener.attempts.get(0);
			assertThat(listener.attempts.subList(0, 4)).allSatisfy((batch) -> assertThat(batch).isEqualTo(firstBatch));
			assertThat(listener.attempts.subList(3, listener.attempts.size()).stream().flatMap(List::stream))
				.containsExactlyElementsOf(sent);
			assertThat(listener.checkpointsSeenWhileFailing).hasSize(3)
				.allSatisfy((checkpoints) -> assertThat(checkpoints.values()).containsOnly("TRIM_HORIZON"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values())
					.containsExactlyElementsOf(lastSequenceNumberOfEachShard(stream).values()));
		}
	}

	@Test
	void deliversSingleRecordsInShardOrderWithTheirContextAndMdcAndCheckpointsEachRecord() {
		String stream = KineticTestApplications.uniqueName("single");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 30).mapToObj((i) -> "event-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications
			.run(SingleRecordListenerConfiguration.class, Map.of("kinetic.application-name", application,
					"kinetic.streams[0].name", stream, "kinetic.streams[0].start-from.position", "trim-horizon"))) {
			SingleRecordListener listener = context.getBean(SingleRecordListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= sent.size());
			assertThat(listener.received).containsExactlyElementsOf(sent);
			assertThat(listener.contexts).allSatisfy((recordContext) -> {
				assertThat(recordContext.streamName()).isEqualTo(stream);
				assertThat(recordContext.shardId()).isEqualTo("shardId-000000000000");
				assertThat(recordContext.approximateArrivalTimestamp()).isNotNull();
			});
			List<java.math.BigInteger> sequenceNumbers = listener.contexts.stream()
				.map((recordContext) -> new java.math.BigInteger(recordContext.sequenceNumber()))
				.toList();
			assertThat(sequenceNumbers).isSorted().doesNotHaveDuplicates();
			assertThat(listener.mdc).hasSize(sent.size()).allSatisfy((mdc) -> {
				assertThat(mdc.get(KinesisListenerMdc.STREAM)).isEqualTo(stream);
				assertThat(mdc.get(KinesisListenerMdc.SHARD)).isEqualTo("shardId-000000000000");
				assertThat(mdc.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER))
					.isEqualTo(mdc.get(KinesisListenerMdc.LAST_SEQUENCE_NUMBER));
			});
			assertThat(listener.mdc.get(0).get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER))
				.isEqualTo(listener.contexts.get(0).sequenceNumber());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values())
					.containsExactlyElementsOf(lastSequenceNumberOfEachShard(stream).values()));
		}
	}

	@Test
	void readsJsonRecordsIntoTheBatchListenersType() {
		String stream = KineticTestApplications.uniqueName("json");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("{\"id\":\"o-1\",\"amount\":10}", "{\"id\":\"o-2\",\"amount\":20}"));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(JsonListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			JsonListener listener = context.getBean(JsonListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= 2);
			assertThat(listener.received).containsExactly(new Order("o-1", 10), new Order("o-2", 20));
		}
	}

	@Test
	void checkpointsOnlyWhereAManualListenerAsks() {
		String stream = KineticTestApplications.uniqueName("manual");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 20).mapToObj((i) -> "event-" + i).toList();
		aws.putRecords(stream, sent);
		String checkpointed = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "event-9");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(ManualListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			ManualListener listener = context.getBean(ManualListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= sent.size());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values())
					.containsExactly(checkpointed));
		}
		// a graceful shutdown checkpoints nothing in manual mode
		assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values()).containsExactly(checkpointed);
	}

	private static Map<String, String> lastSequenceNumberOfEachShard(String stream) {
		Map<String, String> last = new java.util.TreeMap<>();
		for (Shard shard : aws.kinesis().listShards((request) -> request.streamName(stream)).join().shards()) {
			String iterator = aws.kinesis()
				.getShardIterator((request) -> request.streamName(stream)
					.shardId(shard.shardId())
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
				.join()
				.shardIterator();
			List<Record> records = new ArrayList<>();
			while (iterator != null) {
				String current = iterator;
				GetRecordsResponse response = aws.kinesis()
					.getRecords((request) -> request.shardIterator(current).limit(10000))
					.join();
				records.addAll(response.records());
				iterator = (response.records().isEmpty()) ? null : response.nextShardIterator();
			}
			if (!records.isEmpty()) {
				last.put(shard.shardId(), records.get(records.size() - 1).sequenceNumber());
			}
		}
		return last;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingThriceListenerConfiguration {

		@Bean
		FailingThriceListener failingThriceListener(ConsumerSettings settings) {
			return new FailingThriceListener(settings.applicationName());
		}

	}

	static class FailingThriceListener {

		final String leaseTable;

		final AtomicInteger failuresLeft = new AtomicInteger(3);

		final List<List<String>> attempts = new CopyOnWriteArrayList<>();

		final List<Map<String, String>> checkpointsSeenWhileFailing = new CopyOnWriteArrayList<>();

		final List<String> processed = Collections.synchronizedList(new ArrayList<>());

		FailingThriceListener(String leaseTable) {
			this.leaseTable = leaseTable;
		}

		@KinesisListener
		void onBatch(List<String> batch) {
			this.attempts.add(List.copyOf(batch));
			if (this.failuresLeft.getAndDecrement() > 0) {
				this.checkpointsSeenWhileFailing.add(LeaseTableAssertions.checkpoints(aws.scan(this.leaseTable)));
				throw new IllegalStateException("simulated failure");
			}
			this.processed.addAll(batch);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SingleRecordListenerConfiguration {

		@Bean
		SingleRecordListener singleRecordListener() {
			return new SingleRecordListener();
		}

	}

	static class SingleRecordListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<KinesisRecordContext> contexts = new CopyOnWriteArrayList<>();

		final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		@KinesisListener(checkpointMode = "record")
		void onRecord(String payload, KinesisRecordContext context) {
			this.mdc.add(org.slf4j.MDC.getCopyOfContextMap());
			this.contexts.add(context);
			this.received.add(payload);
		}

	}

	record Order(String id, int amount) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class JsonListenerConfiguration {

		@Bean
		JsonListener jsonListener() {
			return new JsonListener();
		}

	}

	static class JsonListener {

		final List<Order> received = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onOrders(List<Order> orders) {
			this.received.addAll(orders);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ManualListenerConfiguration {

		@Bean
		ManualListener manualListener() {
			return new ManualListener();
		}

	}

	static class ManualListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(checkpointMode = "${test.checkpoint-mode:MANUAL}")
		void onBatch(List<String> batch, KinesisBatchContext context) {
			for (int i = 0; i < batch.size(); i++) {
				this.received.add(batch.get(i));
				if (batch.get(i).equals("event-9")) {
					context.checkpointer().checkpoint(context.records().get(i));
				}
			}
		}

	}

}
