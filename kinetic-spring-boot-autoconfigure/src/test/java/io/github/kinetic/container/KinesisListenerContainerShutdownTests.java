package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context of a consuming application, with real KCL against the
 * emulators.
 */
@ExtendWith(OutputCaptureExtension.class)
class KinesisListenerContainerShutdownTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void closingFinishesTheBatchInFlightChecksItAndReleasesTheLeaseWithinTheTimeout() throws Exception {
		String stream = KineticTestApplications.uniqueName("shutdown");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 25).mapToObj((i) -> "record-" + i).toList();
		aws.putRecords(stream, sent);
		ConfigurableApplicationContext context = KineticTestApplications.run(BlockingListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.shutdown-timeout",
						SHUTDOWN_TIMEOUT.toSeconds() + "s"));
		BlockingListener listener = context.getBean(BlockingListener.class);
		try {
			assertThat(listener.inBatch.await(FIRST_DELIVERY.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Scheduler scheduler = context.getBean(KinesisListenerEndpointRegistry.class)
				.getListenerContainer(application)
				.getScheduler();
			long start = System.nanoTime();
			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(10)).until(scheduler::hasGracefulShutdownStarted);
			assertThat(closed).isNotDone();
			listener.release.countDown();
			closed.get(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHUTDOWN_TIMEOUT);
			assertThat(listener.received).containsExactlyElementsOf(sent);
			List<Map<String, AttributeValue>> items = aws.scan(application);
			assertThat(LeaseTableAssertions.checkpoints(items))
				.containsExactly(Map.entry("shardId-000000000000", lastSequenceNumber(stream, "shardId-000000000000")));
			assertThat(items).filteredOn((item) -> item.containsKey("checkpoint"))
				.singleElement()
				.satisfies((lease) -> assertThat(lease).doesNotContainKey("leaseOwner"));
		}
		finally {
			listener.release.countDown();
			context.close();
		}
	}

	@Test
	void aNormalStopCheckpointsReleasesTheLeasesAndLogsNoWarning(CapturedOutput output) {
		String stream = KineticTestApplications.uniqueName("quiet");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 4);
		aws.putRecords(stream, IntStream.range(0, 40).mapToObj((i) -> "record-" + i).toList());
		int stopStartsAt;
		long stopStart;
		// on the starter's own timings, as a user who tunes nothing stops it
		try (ConfigurableApplicationContext context = KineticTestApplications
			.runOnDefaults(CollectingListenerApplication.class, Map.of("kinetic.application-name", application,
					"kinetic.streams[0].name", stream, "kinetic.streams[0].start-from.position", "trim-horizon"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= 40);
			stopStartsAt = output.length();
			stopStart = System.nanoTime();
		}
		System.out.printf("A normal stop on 4 shards took %d ms%n", (System.nanoTime() - stopStart) / 1_000_000);
		String stopOutput = output.toString().substring(stopStartsAt);
		assertThat(stopOutput).contains("Stopped consuming as " + application)
			.doesNotContain("\tat ")
			.doesNotContain("Exception")
			.doesNotContain(" WARN ")
			.doesNotContain(" ERROR ");
		List<Map<String, AttributeValue>> items = aws.scan(application);
		Map<String, String> expected = new java.util.LinkedHashMap<>();
		for (int shard = 0; shard < 4; shard++) {
			String shardId = "shardId-00000000000" + shard;
			String last = lastSequenceNumberOrNull(stream, shardId);
			if (last != null) {
				expected.put(shardId, last);
			}
		}
		assertThat(expected).isNotEmpty();
		assertThat(LeaseTableAssertions.checkpoints(items)).containsAllEntriesOf(expected);
		assertThat(items).filteredOn((item) -> item.containsKey("checkpoint"))
			.hasSize(4)
			.allSatisfy((lease) -> assertThat(lease).doesNotContainKey("leaseOwner"));
	}

	private static String lastSequenceNumberOrNull(String stream, String shardId) {
		String iterator = aws.kinesis()
			.getShardIterator((request) -> request.streamName(stream)
				.shardId(shardId)
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.join()
			.shardIterator();
		String last = null;
		while (iterator != null) {
			String current = iterator;
			var response = aws.kinesis().getRecords((request) -> request.shardIterator(current)).join();
			if (!response.records().isEmpty()) {
				last = response.records().get(response.records().size() - 1).sequenceNumber();
			}
			iterator = response.records().isEmpty() ? null : response.nextShardIterator();
		}
		return last;
	}

	private static String lastSequenceNumber(String stream, String shardId) {
		String iterator = aws.kinesis()
			.getShardIterator((request) -> request.streamName(stream)
				.shardId(shardId)
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.join()
			.shardIterator();
		List<Record> records = new ArrayList<>();
		while (iterator != null) {
			String current = iterator;
			var response = aws.kinesis().getRecords((request) -> request.shardIterator(current)).join();
			records.addAll(response.records());
			iterator = response.records().isEmpty() ? null : response.nextShardIterator();
		}
		return records.get(records.size() - 1).sequenceNumber();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BlockingListenerConfiguration {

		@Bean
		BlockingListener blockingListener() {
			return new BlockingListener();
		}

	}

	static class BlockingListener {

		final CountDownLatch inBatch = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onBatch(List<String> batch) throws InterruptedException {
			this.inBatch.countDown();
			this.release.await();
			this.received.addAll(batch);
		}

	}

}
