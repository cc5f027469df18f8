package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lease.KinesisLease;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.lease.LeaseTables;
import io.github.kinetic.lease.LeaseTrackingModeMismatchException;
import io.github.kinetic.lease.LegacyLeaseKeysException;
import io.github.kinetic.lease.StreamNotFoundException;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Start positions, resets, single- and multi-stream tracking, credentials and missing or
 * removed streams, with real KCL against the emulators.
 */
class StreamTrackingEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void latestSkipsRecordsWrittenBeforeTheFirstStart() {
		String stream = newStream(1);
		aws.putRecords(stream, records("before", 20));
		try (ConfigurableApplicationContext context = runOneStream(stream, "latest", Map.of())) {
			Recorder recorder = context.getBean(Recorder.class);
			List<String> after = new ArrayList<>();
			await().atMost(FIRST_DELIVERY).pollInterval(Duration.ofMillis(500)).until(() -> {
				String record = "after-" + after.size();
				after.add(record);
				aws.putRecords(stream, List.of(record));
				return !recorder.received(stream).isEmpty();
			});
			assertThat(recorder.received(stream)).isNotEmpty()
				.allSatisfy((record) -> assertThat(record).startsWith("after-"));
		}
	}

	@Test
	void atTimestampStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
		String stream = newStream(1);
		aws.putRecords(stream, records("old", 10));
		Thread.sleep(1500);
		Instant start = Instant.now();
		Thread.sleep(500);
		List<String> recent = records("recent", 10);
		aws.putRecords(stream, recent);
		try (ConfigurableApplicationContext context = runOneStream(stream, "at-timestamp",
				Map.of("kinetic.streams[0].start-from.timestamp", start.toString()))) {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY).until(() -> recorder.received(stream).size() >= recent.size());
			assertThat(recorder.received(stream)).containsExactlyElementsOf(recent);
		}
	}

	@Test
	void resumesFromCheckpointsAndRewindsOncePerResetToken() {
		String stream = newStream(1);
		String application = KineticTestApplications.uniqueName("app");
		List<String> first = records("first", 10);
		aws.putRecords(stream, first);
		assertThat(consumeUntil(application, stream, Map.of(), first.size())).containsExactlyElementsOf(first);

		List<String> second = records("second", 5);
		aws.putRecords(stream, second);
		assertThat(consumeUntil(application, stream, Map.of(), second.size())).containsExactlyElementsOf(second);

		Map<String, Object> reset = Map.of("kinetic.streams[0].start-from.reset-token", "rewind-1");
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		assertThat(consumeUntil(application, stream, reset, all.size())).containsExactlyElementsOf(all);

		List<String> third = records("third", 3);
		aws.putRecords(stream, third);
		assertThat(consumeUntil(application, stream, reset, third.size())).containsExactlyElementsOf(third);
	}

	private List<String> consumeUntil(String application, String stream, Map<String, Object> extra, int count) {
		Map<String, Object> properties = new HashMap<>(extra);
		properties.put("kinetic.application-name", application);
		try (ConfigurableApplicationContext context = runOneStream(stream, "trim-horizon", properties)) {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY).until(() -> recorder.received(stream).size() >= count);
			// the checkpoint follows the listener's return: wait for it before the
			// restart
			await().atMost(Duration.ofSeconds(30))
				.until(() -> LeaseTableAssertions.checkpoints(aws.scan(application))
					.values()
					.stream()
					.allMatch((checkpoint) -> Character.isDigit(checkpoint.charAt(0))));
			return List.copyOf(recorder.received(stream));
		}
	}

	@Test
	void multiStreamLeasesCarryTheStreamsAccountAndCreationEpochAndEachStreamItsStartPosition() {
		String account = "123456789012";
		try (AwsTestClients accountClients = new AwsTestClients(LocalAwsEmulators.shared().kinesisEndpoint(),
				LocalAwsEmulators.shared().dynamoDbEndpoint(), account)) {
			String fromStart = KineticTestApplications.uniqueName("pluto");
			String fromNow = KineticTestApplications.uniqueName("mars");
			accountClients.createStream(fromStart, 2);
			accountClients.createStream(fromNow, 1);
			List<String> old = records("old", 20);
			accountClients.putRecords(fromStart, old);
			accountClients.putRecords(fromNow, records("old", 20));
			String application = KineticTestApplications.uniqueName("app");
			Map<String, Object> properties = new HashMap<>();
			properties.put("kinetic.application-name", application);
			properties.put("kinetic.creds.access-key-id", account);
			properties.put("kinetic.streams[0].name", fromStart);
			properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
			properties.put("kinetic.streams[1].name", fromNow);
			properties.put("test.stream-a", fromStart);
			properties.put("test.stream-b", fromNow);
			try (ConfigurableApplicationContext context = KineticTestApplications.run(TwoStreams.class, properties)) {
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(FIRST_DELIVERY).until(() -> recorder.received(fromStart).size() >= old.size());
				assertThat(recorder.received(fromStart)).containsExactlyInAnyOrderElementsOf(old);
				List<String> fresh = new ArrayList<>();
				await().atMost(FIRST_DELIVERY).pollInterval(Duration.ofMillis(500)).until(() -> {
					String record = "fresh-" + fresh.size();
					fresh.add(record);
					accountClients.putRecords(fromNow, List.of(record));
					return !recorder.received(fromNow).isEmpty();
				});
				assertThat(recorder.received(fromNow)).allSatisfy((record) -> assertThat(record).startsWith("fresh-"));
				List<String> leaseKeys = LeaseTableAssertions.checkpoints(aws.scan(application))
					.keySet()
					.stream()
					.sorted()
					.toList();
				assertThat(leaseKeys).containsExactlyInAnyOrder(
						streamIdentifier(accountClients, account, fromNow) + ":shardId-000000000000",
						streamIdentifier(accountClients, account, fromStart) + ":shardId-000000000000",
						streamIdentifier(accountClients, account, fromStart) + ":shardId-000000000001");
			}
		}
	}

	private static String streamIdentifier(AwsTestClients clients, String account, String stream) {
		StreamDescriptionSummary summary = clients.kinesis()
			.describeStreamSummary((request) -> request.streamName(stream))
			.join()
			.streamDescriptionSummary();
		assertThat(summary.streamCreationTimestamp().getEpochSecond()).isGreaterThan(1);
		return account + ":" + stream + ":" + summary.streamCreationTimestamp().getEpochSecond();
	}

	@Test
	void removedStreamIsNoLongerDeliveredAndKeepsItsCheckpoints() {
		String kept = newStream(1);
		String removed = newStream(1);
		String application = KineticTestApplications.uniqueName("app");
		aws.putRecords(kept, records("kept", 5));
		aws.putRecords(removed, records("removed", 5));
		Map<String, Object> both = new HashMap<>();
		both.put("kinetic.application-name", application);
		both.put("kinetic.streams[0].name", kept);
		both.put("kinetic.streams[0].start-from.position", "trim-horizon");
		both.put("kinetic.streams[1].name", removed);
		both.put("kinetic.streams[1].start-from.position", "trim-horizon");
		both.put("test.stream-a", kept);
		both.put("test.stream-b", removed);
		Map<String, String> checkpointsBefore;
		try (ConfigurableApplicationContext context = KineticTestApplications.run(TwoStreams.class, both)) {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY)
				.until(() -> recorder.received(kept).size() >= 5 && recorder.received(removed).size() >= 5);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> LeaseTableAssertions.checkpoints(aws.scan(application))
					.values()
					.stream()
					.allMatch((checkpoint) -> Character.isDigit(checkpoint.charAt(0))));
			checkpointsBefore = LeaseTableAssertions.checkpoints(aws.scan(application));
		}
		aws.putRecords(removed, records("late", 5));
		List<String> keptLate = records("kept-late", 5);
		aws.putRecords(kept, keptLate);
		Map<String, Object> onlyKept = new HashMap<>();
		onlyKept.put("kinetic.application-name", application);
		onlyKept.put("kinetic.multi-stream", "true");
		onlyKept.put("kinetic.streams[0].name", kept);
		onlyKept.put("kinetic.streams[0].start-from.position", "trim-horizon");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(OneStream.class, onlyKept)) {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY).until(() -> recorder.received(kept).size() >= keptLate.size());
			assertThat(recorder.received(kept)).containsExactlyElementsOf(keptLate);
			Map<String, String> checkpointsAfter = LeaseTableAssertions.checkpoints(aws.scan(application));
			checkpointsBefore.forEach((leaseKey, checkpoint) -> {
				if (leaseKey.contains(":" + removed + ":")) {
					assertThat(checkpointsAfter).containsEntry(leaseKey, checkpoint);
				}
			});
			KinesisLeases leases = context.getBean(KinesisLeases.class);
			assertThat(leases.list(removed)).hasSize(1);
			assertThatIllegalStateException().isThrownBy(() -> leases.deleteForStream(kept))
				.withMessageContaining(kept)
				.withMessageContaining("stop its listener container");
			assertThat(leases.deleteForStream(removed)).isOne();
			assertThat(leases.list()).extracting(KinesisLease::stream).containsOnly(kept);
		}
	}

	@Test
	void adoptsCheckpointsOfLeasesWrittenUnderAMadeUpStreamIdentifier() {
		String stream = newStream(1);
		String application = KineticTestApplications.uniqueName("app");
		List<String> sent = records("kinetic", 10);
		aws.putRecords(stream, sent);
		writeLegacyLease(application, stream, 4);
		try (ConfigurableApplicationContext context = runOneStream(stream, "trim-horizon",
				Map.of("kinetic.application-name", application, "kinetic.multi-stream", "true",
						"kinetic.lease.adopt-legacy-keys", "true"))) {
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY).until(() -> recorder.received(stream).size() >= 5);
			assertThat(recorder.received(stream)).containsExactlyElementsOf(sent.subList(5, 10));
			assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).keySet())
				.containsExactly(streamIdentifier(aws, LocalAwsEmulators.ACCOUNT_ID, stream) + ":shardId-000000000000");
		}
	}

	@Test
	void legacyLeaseKeysFailStartupUnlessAdopted() {
		String stream = newStream(1);
		String application = KineticTestApplications.uniqueName("app");
		aws.putRecords(stream, records("kinetic", 5));
		String legacyKey = writeLegacyLease(application, stream, 2);
		Throwable failure = catchThrowable(() -> runOneStream(stream, "trim-horizon",
				Map.of("kinetic.application-name", application, "kinetic.multi-stream", "true"))
			.close());
		assertThat(findCause(failure, LegacyLeaseKeysException.class).getLeaseKeys()).containsExactly(legacyKey);
		FailureAnalysis analysis = new LegacyLeaseKeysFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(legacyKey).contains("12-digit account id");
		assertThat(analysis.getAction()).contains("kinetic.lease.adopt-legacy-keys=true");
	}

	/**
	 * Write a lease as kinetic for Clojure left it: fixed account and creation epoch.
	 */
	private static String writeLegacyLease(String application, String stream, int checkpointedRecord) {
		String iterator = aws.kinesis()
			.getShardIterator((request) -> request.streamName(stream)
				.shardId("shardId-000000000000")
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.join()
			.shardIterator();
		List<Record> onShard = aws.kinesis().getRecords((request) -> request.shardIterator(iterator)).join().records();
		Shard shard = aws.kinesis().listShards((request) -> request.streamName(stream)).join().shards().get(0);
		String legacyIdentifier = "0:" + stream + ":1";
		String leaseKey = legacyIdentifier + ":shardId-000000000000";
		LeaseTables.createIfMissing(aws.dynamoDb(), application);
		Map<String, AttributeValue> lease = new HashMap<>();
		lease.put("leaseKey", attribute(leaseKey));
		lease.put("streamName", attribute(legacyIdentifier));
		lease.put("shardId", attribute("shardId-000000000000"));
		lease.put("leaseCounter", AttributeValue.fromN("7"));
		lease.put("ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"));
		lease.put("checkpoint", attribute(onShard.get(checkpointedRecord).sequenceNumber()));
		lease.put("checkpointSubSequenceNumber", AttributeValue.fromN("0"));
		lease.put("startingHashKey", attribute(shard.hashKeyRange().startingHashKey()));
		lease.put("endingHashKey", attribute(shard.hashKeyRange().endingHashKey()));
		aws.dynamoDb().putItem((request) -> request.tableName(application).item(lease)).join();
		return leaseKey;
	}

	private static AttributeValue attribute(String value) {
		return AttributeValue.fromS(value);
	}

	@Test
	void leaseTableOfTheOtherTrackingModeFailsStartupWithAnExplanation() {
		String stream = newStream(1);
		String application = KineticTestApplications.uniqueName("app");
		aws.putRecords(stream, records("any", 1));
		consumeUntil(application, stream, Map.of(), 1);
		Throwable failure = catchThrowable(() -> runOneStream(stream, "trim-horizon",
				Map.of("kinetic.application-name", application, "kinetic.multi-stream", "true"))
			.close());
		LeaseTrackingModeMismatchException mismatch = findCause(failure, LeaseTrackingModeMismatchException.class);
		assertThat(mismatch.getLeaseTable()).isEqualTo(application);
		FailureAnalysis analysis = new LeaseTrackingModeMismatchFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(application)
			.contains("holds single-stream leases")
			.contains("configured for multi-stream");
		assertThat(analysis.getAction()).contains("kinetic.application-name");
	}

	@Test
	void missingStreamFailsStartupNamingIt() {
		String stream = KineticTestApplications.uniqueName("missing");
		Throwable failure = catchThrowable(() -> runOneStream(stream, "latest", Map.of()).close());
		StreamNotFoundException notFound = findCause(failure, StreamNotFoundException.class);
		assertThat(notFound.getStreamName()).isEqualTo(stream);
		assertThat(new StreamNotFoundFailureAnalyzer().analyze(failure).getDescription()).contains(stream);
	}

	@Test
	void missingStreamCanBeAwaited() {
		String stream = KineticTestApplications.uniqueName("later");
		try (ConfigurableApplicationContext context = runOneStream(stream, "trim-horizon",
				Map.of("kinetic.missing-streams.policy", "wait", "kinetic.missing-streams.check-interval", "300ms"))) {
			aws.createStream(stream, 1);
			List<String> sent = records("late", 5);
			aws.putRecords(stream, sent);
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(FIRST_DELIVERY).until(() -> recorder.received(stream).size() >= sent.size());
			assertThat(recorder.received(stream)).containsExactlyElementsOf(sent);
			assertThat(context.getBean(KinesisListenerEndpointRegistry.class).isConsuming(stream)).isTrue();
		}
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	private static String newStream(int shards) {
		String stream = KineticTestApplications.uniqueName("stream");
		aws.createStream(stream, shards);
		return stream;
	}

	private static List<String> records(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static ConfigurableApplicationContext runOneStream(String stream, String position,
			Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("kinetic.application-name", KineticTestApplications.uniqueName("app"));
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", position);
		properties.putAll(extra);
		return KineticTestApplications.run(OneStream.class, properties);
	}

	static class Recorder {

		private final Map<String, List<String>> received = new ConcurrentHashMap<>();

		List<String> received(String stream) {
			return this.received.computeIfAbsent(stream, (key) -> new CopyOnWriteArrayList<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OneStream {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		OneStreamListener oneStreamListener(Recorder recorder, Environment environment) {
			return new OneStreamListener(recorder, environment.getRequiredProperty("kinetic.streams[0].name"));
		}

	}

	static class OneStreamListener {

		private final Recorder recorder;

		private final String stream;

		OneStreamListener(Recorder recorder, String stream) {
			this.recorder = recorder;
			this.stream = stream;
		}

		@KinesisListener
		void onBatch(List<String> batch) {
			this.recorder.received(this.stream).addAll(batch);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TwoStreams {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		TwoStreamListeners twoStreamListeners(Recorder recorder, Environment environment) {
			return new TwoStreamListeners(recorder, environment.getRequiredProperty("test.stream-a"),
					environment.getRequiredProperty("test.stream-b"));
		}

	}

	static class TwoStreamListeners {

		private final Recorder recorder;

		private final String streamA;

		private final String streamB;

		TwoStreamListeners(Recorder recorder, String streamA, String streamB) {
			this.recorder = recorder;
			this.streamA = streamA;
			this.streamB = streamB;
		}

		@KinesisListener(streams = "${test.stream-a}")
		void onA(List<String> batch) {
			this.recorder.received(this.streamA).addAll(batch);
		}

		@KinesisListener(streams = "${test.stream-b}")
		void onB(List<String> batch) {
			this.recorder.received(this.streamB).addAll(batch);
		}

	}

}
