package io.github.kinetic.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one application, each in a JVM of its own, on a 4-shard stream while
 * records flow: KCL spreads the leases over all three; one stops gracefully and the other
 * two take its shards; one is killed with SIGKILL and the last takes every shard; nothing
 * is lost. The coordination is KCL's, through the lease table.
 */
class FleetEndToEndTests {

	private static final int SHARDS = 4;

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void spreadsLeasesOverTheFleetAndHandsOverTheShardsOfAStoppedAndThenAKilledInstance() throws Exception {
		String stream = KineticTestApplications.uniqueName("fleet");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, SHARDS);
		Path dir = Files.createDirectories(Paths.get("target", "fleet"));
		Map<String, Process> instances = new LinkedHashMap<>();
		OutageEndToEndTests.Producer producer = new OutageEndToEndTests.Producer(aws, stream);
		try {
			producer.start();
			for (String worker : List.of("worker-a", "worker-b", "worker-c")) {
				instances.put(worker, start(application, stream, worker, dir));
			}
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(new HashSet<>(owners(application).values())).containsExactlyInAnyOrder("worker-a",
						"worker-b", "worker-c");
			});
			System.out.println("Fleet: leases spread " + owners(application));

			Process stopped = instances.remove("worker-a");
			stopped.destroy();
			assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).as("graceful stop of worker-a").isTrue();
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				Map<String, String> owners = owners(application);
				assertThat(owners).hasSize(SHARDS);
				assertThat(owners.values()).allMatch((owner) -> owner.equals("worker-b") || owner.equals("worker-c"));
			});
			System.out.println("Fleet: after the graceful stop " + owners(application));

			Process killed = instances.remove("worker-b");
			killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				Map<String, String> owners = owners(application);
				assertThat(owners).hasSize(SHARDS);
				assertThat(owners.values()).containsOnly("worker-c");
			});
			System.out.println("Fleet: after the kill " + owners(application));

			List<String> written = producer.stop();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(delivered(dir, application)).containsAll(written);
			});
			List<String> all = deliveries(dir, application);
			System.out.printf("Fleet: %d written, %d deliveries, 0 lost, %d duplicates%n", written.size(), all.size(),
					all.size() - new HashSet<>(all).size());
		}
		finally {
			producer.stop();
			instances.values().forEach(Process::destroyForcibly);
		}
	}

	private static Process start(String application, String stream, String worker, Path dir) throws IOException {
		Map<String, String> properties = new LinkedHashMap<>(LocalAwsEmulators.shared().kineticProperties());
		KineticTestApplications.timingProperties().forEach((key, value) -> properties.put(key, value.toString()));
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.worker-id", worker);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.polling.max-records", "100");
		properties.put("crash.output", dir.resolve(application + "-" + worker + ".txt").toAbsolutePath().toString());
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CrashConsumerApplication.class.getName());
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		File log = dir.resolve(application + "-" + worker + ".log").toFile();
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private static void assertAlive(Map<String, Process> instances) {
		instances.forEach((worker, process) -> assertThat(process.isAlive()).as("%s alive", worker).isTrue());
	}

	private static Map<String, String> owners(String application) {
		Map<String, String> owners = new TreeMap<>();
		List<Map<String, AttributeValue>> items;
		try {
			items = aws.scan(application);
		}
		catch (CompletionException ex) {
			// the first instance has not created the lease table yet
			return owners;
		}
		for (Map<String, AttributeValue> item : items) {
			AttributeValue owner = item.get("leaseOwner");
			String key = item.get("leaseKey").s();
			if (key.startsWith("shardId-") && owner != null && owner.s() != null) {
				owners.put(key, owner.s());
			}
		}
		return owners;
	}

	private static Set<String> delivered(Path dir, String application) throws IOException {
		return new HashSet<>(deliveries(dir, application));
	}

	private static List<String> deliveries(Path dir, String application) throws IOException {
		List<String> payloads = new ArrayList<>();
		try (var files = Files.list(dir)) {
			for (Path file : files
				.filter((f) -> f.getFileName().toString().startsWith(application)
						&& f.getFileName().toString().endsWith(".txt"))
				.toList()) {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					String[] parts = line.split(" ");
					if (parts.length == 3) {
						payloads.add(parts[2]);
					}
				}
			}
		}
		return payloads;
	}

}
