package io.github.kinetic.reliability;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer in a JVM of its own is killed with SIGKILL in the middle of a stream and
 * started again: every record is delivered at least once, and each shard's duplicates are
 * at most the records it had delivered past its last checkpoint at the kill (its records
 * in flight).
 * <p>
 * {@link #crashAndRestart(Map)} takes the consumer's extra properties, so the scenario
 * runs as well with other listener settings.
 */
class CrashEndToEndTests {

	private static final int RECORDS = 5000;

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEveryRecordAtLeastOnceAfterASigkillWithDuplicatesBoundedByTheRecordsInFlight() throws Exception {
		crashAndRestart(Map.of());
	}

	@Test
	void losesNothingAfterASigkillWithPerKeyConcurrency() throws Exception {
		// the checkpoint only moves to the low watermark, so the records of keys that
		// ran ahead are delivered again, never skipped
		crashAndRestart(Map.of("kinetic.listener.concurrency", "4"));
	}

	private void crashAndRestart(Map<String, String> extraProperties) throws Exception {
		String stream = KineticTestApplications.uniqueName("crash");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> sent = IntStream.range(0, RECORDS).mapToObj((i) -> "record-" + i).toList();
		aws.putRecords(stream, sent);
		Path output = Files.createDirectories(Paths.get("target", "crash")).resolve(application + ".txt");
		Map<String, String> properties = new LinkedHashMap<>(LocalAwsEmulators.shared().kineticProperties());
		KineticTestApplications.timingProperties().forEach((key, value) -> properties.put(key, value.toString()));
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.polling.max-records", "100");
		properties.put("crash.output", output.toAbsolutePath().toString());
		properties.putAll(extraProperties);

		Process first = startConsumer(properties, application + "-first");
		List<Delivery> beforeKill;
		Map<String, String> checkpointsAtKill;
		try {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
				assertThat(first.isAlive()).as("first consumer alive").isTrue();
				return deliveries(output).size() >= RECORDS / 4;
			});
		}
		finally {
			// Process.destroyForcibly is SIGKILL on Linux: no shutdown hook, no
			// checkpoint
			first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		beforeKill = deliveries(output);
		checkpointsAtKill = LeaseTableAssertions.checkpoints(aws.scan(application));
		assertThat(beforeKill).as("the kill landed mid-stream").hasSizeLessThan(RECORDS);

		Process second = startConsumer(properties, application + "-second");
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
				assertThat(second.isAlive()).as("second consumer alive").isTrue();
				return deliveries(output).stream().map(Delivery::payload).distinct().count() >= RECORDS;
			});
		}
		finally {
			second.destroy();
			if (!second.waitFor(30, TimeUnit.SECONDS)) {
				second.destroyForcibly();
			}
		}
		List<Delivery> all = deliveries(output);
		assertThat(all.stream().map(Delivery::payload).distinct()).containsExactlyInAnyOrderElementsOf(sent);

		Map<String, Long> inFlight = new TreeMap<>();
		Map<String, Long> duplicates = new TreeMap<>();
		for (String shard : all.stream().map(Delivery::shardId).distinct().toList()) {
			String checkpoint = checkpointsAtKill.getOrDefault(shard, "TRIM_HORIZON");
			inFlight.put(shard, beforeKill.stream()
				.filter((delivery) -> delivery.shardId().equals(shard) && after(delivery.sequenceNumber(), checkpoint))
				.count());
			Map<String, Long> perPayload = all.stream()
				.filter((delivery) -> delivery.shardId().equals(shard))
				.collect(Collectors.groupingBy(Delivery::payload, Collectors.counting()));
			duplicates.put(shard, perPayload.values().stream().mapToLong((count) -> count - 1).sum());
		}
		System.out.printf(
				"Crash: %d records, %d delivered before the kill, %d deliveries in all, 0 lost,"
						+ " duplicates per shard %s, in flight per shard at the kill %s%n",
				RECORDS, beforeKill.size(), all.size(), duplicates, inFlight);
		duplicates.forEach((shard, count) -> assertThat(count).as("duplicates of %s", shard)
			.isLessThanOrEqualTo(inFlight.get(shard)));
	}

	private static boolean after(String sequenceNumber, String checkpoint) {
		if (!Character.isDigit(checkpoint.charAt(0))) {
			// TRIM_HORIZON and the like: nothing of the shard was checkpointed
			return true;
		}
		return new BigInteger(sequenceNumber).compareTo(new BigInteger(checkpoint)) > 0;
	}

	private static Process startConsumer(Map<String, String> properties, String name) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CrashConsumerApplication.class.getName());
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		File log = Paths.get("target", "crash", name + ".log").toFile();
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private static List<Delivery> deliveries(Path output) throws IOException {
		if (!Files.exists(output)) {
			return List.of();
		}
		List<Delivery> deliveries = new ArrayList<>();
		for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
			String[] parts = line.split(" ");
			// a line the kill cut short is not a completed delivery
			if (parts.length == 3 && line.length() > 0) {
				deliveries.add(new Delivery(parts[0], parts[1], parts[2]));
			}
		}
		return deliveries;
	}

	record Delivery(String shardId, String sequenceNumber, String payload) {
	}

}
