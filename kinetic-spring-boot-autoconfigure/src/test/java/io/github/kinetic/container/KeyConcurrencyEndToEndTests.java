package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-key concurrency with real KCL against the emulators: several keys of one shard run
 * at once on the listener's threads, each key in the order written, every record is
 * delivered, and the checkpoint reaches the shard's last record.
 */
class KeyConcurrencyEndToEndTests {

	private static final int KEYS = 8;

	private static final int RECORDS_PER_KEY = 25;

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEachKeyInOrderOnSeveralThreadsAndCheckpointsTheWholeShard() {
		String stream = KineticTestApplications.uniqueName("concurrent");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = putInterleaved(stream);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(ConcurrentListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.polling.max-records", "60",
						"test.concurrency", "4"))) {
			ConcurrentListener listener = context.getBean(ConcurrentListener.class);
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(Set.copyOf(listener.deliveries)).containsAll(sent));
			List<Record> records = StreamContents.records(aws.kinesis(), stream);
			String last = records.get(records.size() - 1).sequenceNumber();
			await().atMost(Duration.ofMinutes(1))
				.untilAsserted(
						() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application))).containsValue(last));
			for (int key = 0; key < KEYS; key++) {
				String prefix = "k" + key + "-";
				List<String> firstDeliveries = listener.deliveries.stream()
					.filter((payload) -> payload.startsWith(prefix))
					.distinct()
					.toList();
				assertThat(firstDeliveries).as("first deliveries of key %d", key)
					.containsExactlyElementsOf(
							IntStream.range(0, RECORDS_PER_KEY).mapToObj((n) -> prefix + n).toList());
			}
			assertThat(listener.threads).hasSizeGreaterThan(1)
				.allSatisfy((name) -> assertThat(name).matches("kinetic-concurrent-\\d+"));
			assertThat(listener.threads.size()).isLessThanOrEqualTo(4);
		}
	}

	@Test
	void stoppedWhileOneKeyFailsCheckpointsOnlyTheLowWatermarkAndDeliversTheRestAfterARestart() {
		String stream = KineticTestApplications.uniqueName("concurrent-stop");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		// key c fails for as long as the first application runs; keys a and b run past it
		put(stream, List.of("a:a-0", "b:b-0", "a:a-1", "c:bad", "a:a-2", "b:b-1", "c:c-1"));
		Map<String, Object> properties = Map.of("kinetic.application-name", application, "kinetic.streams[0].name",
				stream, "kinetic.streams[0].start-from.position", "trim-horizon",
				"kinetic.listener.back-off.initial-interval", "200ms", "test.concurrency", "4");
		Map<String, Object> failing = new HashMap<>(properties);
		failing.put("test.failing", "bad");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(ConcurrentListenerConfiguration.class,
				failing)) {
			ConcurrentListener listener = context.getBean(ConcurrentListener.class);
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(listener.deliveries).contains("a-0", "a-1", "a-2", "b-0", "b-1"));
			await().atMost(Duration.ofMinutes(1)).until(() -> listener.failures.get() >= 2);
			assertThat(listener.deliveries).doesNotContain("bad", "c-1");
		}
		// a:a-1 is the last record before the failing one: keys a and b ran further, but
		// the checkpoint does not pass a record that was not processed
		String beforeFailing = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "a-1");
		assertThat(LeaseTableAssertions.checkpoints(aws.scan(application))).containsValue(beforeFailing);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(ConcurrentListenerConfiguration.class,
				properties)) {
			ConcurrentListener listener = context.getBean(ConcurrentListener.class);
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(listener.deliveries).contains("bad", "c-1", "a-2", "b-1"));
			assertThat(listener.deliveries).doesNotContain("a-0", "a-1", "b-0");
		}
	}

	/**
	 * Put each {@code key:payload} in one call, so the shard holds them in this order.
	 */
	private static void put(String stream, List<String> keyedPayloads) {
		List<PutRecordsRequestEntry> entries = keyedPayloads.stream()
			.map((keyed) -> PutRecordsRequestEntry.builder()
				.partitionKey(keyed.substring(0, keyed.indexOf(':')))
				.data(SdkBytes.fromUtf8String(keyed.substring(keyed.indexOf(':') + 1)))
				.build())
			.toList();
		PutRecordsResponse response = aws.kinesis()
			.putRecords((request) -> request.streamName(stream).records(entries))
			.join();
		assertThat(response.failedRecordCount()).as("entries the emulator refused").isZero();
	}

	/**
	 * Put {@code k<key>-<n>} for every key, the keys interleaved, in one call so the
	 * shard holds them in this order.
	 */
	private static List<String> putInterleaved(String stream) {
		List<PutRecordsRequestEntry> entries = new ArrayList<>();
		List<String> sent = new ArrayList<>();
		for (int n = 0; n < RECORDS_PER_KEY; n++) {
			for (int key = 0; key < KEYS; key++) {
				String payload = "k" + key + "-" + n;
				sent.add(payload);
				entries.add(PutRecordsRequestEntry.builder()
					.partitionKey("key-" + key)
					.data(SdkBytes.fromUtf8String(payload))
					.build());
			}
		}
		PutRecordsResponse response = aws.kinesis()
			.putRecords((request) -> request.streamName(stream).records(entries))
			.join();
		// not an assertion of the code under test: the order per key needs every entry
		// written in this one call
		assertThat(response.failedRecordCount()).as("entries the emulator refused").isZero();
		return sent;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ConcurrentListenerConfiguration {

		@Bean
		ConcurrentListener concurrentListener(Environment environment) {
			ConcurrentListener listener = new ConcurrentListener();
			String failing = environment.getProperty("test.failing");
			if (failing != null) {
				listener.failing.add(failing);
			}
			return listener;
		}

	}

	static class ConcurrentListener {

		final List<String> deliveries = new CopyOnWriteArrayList<>();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		final Set<String> failing = ConcurrentHashMap.newKeySet();

		final AtomicInteger failures = new AtomicInteger();

		@KinesisListener(id = "concurrent", concurrency = "${test.concurrency}")
		void onRecord(String payload) throws InterruptedException {
			this.threads.add(Thread.currentThread().getName());
			if (this.failing.contains(payload)) {
				this.failures.incrementAndGet();
				throw new IllegalStateException("cannot process " + payload + " yet");
			}
			// slow enough that keys overlap
			Thread.sleep(5);
			this.deliveries.add(payload);
		}

	}

}
