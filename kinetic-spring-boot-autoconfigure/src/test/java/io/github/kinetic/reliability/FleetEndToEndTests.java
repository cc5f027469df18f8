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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instances of one application, each in a JVM of its own, on one stream while records
 * flow: two on 8 shards and three on 4. They start together; the leases spread over all
 * of them and then stay put; of three, one stops gracefully and the others take its
 * shards; one is killed with SIGKILL and the others consume its shards within
 * {@link #KILL_HAND_OVER}; nothing is lost. The coordination is KCL's, through the lease
 * table: the starter only takes free or expired leases when an instance starts. Times are
 * printed, not asserted.
 */
class FleetEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	/**
	 * How long the others may take to consume a killed instance's shards, at the tests' 2
	 * s failover time. KCL's lease assignment (the leader's, every failover time: 2 s)
	 * sees the leases expired at most two passes after the kill (4 s), or, if the killed
	 * instance led, once its leader lock has expired (2 s) and the new leader has run two
	 * passes (6 s); by then the killed worker's metrics, reported every 2 s, are older
	 * than two reports and it gets none of them back. The new owner's lease discovery
	 * (every failover time) and first read follow: 9 s or so on an idle machine. The rest
	 * is room for a machine busy with other builds; with KCL's 30 s metric reports and
	 * its assignment every two failover times a dead worker kept its leases for up to a
	 * minute.
	 */
	private static final Duration KILL_HAND_OVER = Duration.ofSeconds(30);

	/** Twenty of KCL's lease assignment passes at the tests' 2 s failover time. */
	private static final Duration SETTLED_WATCH = Duration.ofSeconds(80);

	/**
	 * Start, spread, stop, kill. On 4 shards the leases must stay put once spread (at
	 * most one owner change per shard in the watch); on 8 shards with two instances the
	 * owner changes are only printed: KCL's utilization-based balancing moved a lease
	 * back and forth there, long after the instances had started, from CPU figures that
	 * two instances on one 2-core machine share.
	 */
	@ParameterizedTest(name = "{0} instances on {1} shards")
	@CsvSource({ "3, 4, true", "2, 8, false" })
	void spreadsLeasesOverTheFleetAndHandsOverTheShardsOfAStoppedAndThenAKilledInstance(int size, int shards,
			boolean settles) throws Exception {
		String stream = KineticTestApplications.uniqueName("fleet");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, shards);
		Path dir = Files.createDirectories(Paths.get("target", "fleet"));
		List<String> workers = IntStream.range(0, size).mapToObj((i) -> "worker-" + (char) ('a' + i)).toList();
		Map<String, Process> instances = new LinkedHashMap<>();
		OutageEndToEndTests.Producer producer = new OutageEndToEndTests.Producer(aws, stream);
		String fleet = size + " instances on " + shards + " shards";
		try {
			producer.start();
			long start = System.nanoTime();
			// all at once: each writes KCL's migration state before its scheduler starts,
			// so their schedulers do not race to create it
			for (String worker : workers) {
				instances.put(worker, start(application, stream, worker, dir));
			}
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(new LeaseOwners(aws, application).now()).hasSize(shards);
			});
			report(fleet, "every shard owned", start);
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(new HashSet<>(new LeaseOwners(aws, application).now().values()))
					.containsExactlyInAnyOrderElementsOf(workers);
			});
			report(fleet, "leases spread " + new LeaseOwners(aws, application).now(), start);

			Map<String, Integer> ownerChanges = new LeaseOwners(aws, application).changesDuring(SETTLED_WATCH,
					() -> assertAlive(instances));
			System.out.printf("Fleet (%s): owner changes per shard in the %d s after the spread: %s%n", fleet,
					SETTLED_WATCH.toSeconds(), ownerChanges);
			if (settles) {
				assertThat(ownerChanges.values()).as("owner changes per shard once spread").allMatch((n) -> n <= 1);
			}

			if (size > 2) {
				// with two instances the one left after a stop could not also see a kill
				Process stopped = instances.remove(workers.get(0));
				long stop = System.nanoTime();
				stopped.destroy();
				assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).as("graceful stop of %s", workers.get(0)).isTrue();
				await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
					assertAlive(instances);
					Map<String, String> owners = new LeaseOwners(aws, application).now();
					assertThat(owners).hasSize(shards);
					assertThat(owners.values()).allMatch(instances::containsKey);
				});
				report(fleet, "after the graceful stop " + new LeaseOwners(aws, application).now(), stop);
			}

			String last = workers.get(size - 1);
			String victim = workers.get(size - 2);
			Set<String> victimShards = new TreeSet<>();
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				victimShards.clear();
				new LeaseOwners(aws, application).now().forEach((shard, owner) -> {
					if (owner.equals(victim)) {
						victimShards.add(shard);
					}
				});
				assertThat(victimShards).as("shards of %s, to be killed", victim).isNotEmpty();
			});
			Process killed = instances.remove(victim);
			Map<String, Long> consumedBefore = deliveryFileSizes(dir, application, instances.keySet());
			long kill = System.nanoTime();
			killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			await().atMost(KILL_HAND_OVER).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(shardsConsumedSince(dir, application, consumedBefore)).containsAll(victimShards);
			});
			report(fleet, "the killed instance's shards " + victimShards + " consumed by the others", kill);
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				Map<String, String> owners = new LeaseOwners(aws, application).now();
				assertThat(owners).hasSize(shards);
				assertThat(owners.values()).containsOnly(last);
			});
			report(fleet, "after the kill " + new LeaseOwners(aws, application).now(), kill);

			List<String> written = producer.stop();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertAlive(instances);
				assertThat(delivered(dir, application)).containsAll(written);
			});
			List<String> all = deliveries(dir, application);
			System.out.printf("Fleet (%s): %d written, %d deliveries, 0 lost, %d duplicates%n", fleet, written.size(),
					all.size(), all.size() - new HashSet<>(all).size());
		}
		finally {
			producer.stop();
			instances.values().forEach(Process::destroyForcibly);
		}
	}

	private static Map<String, Long> deliveryFileSizes(Path dir, String application, Set<String> workers)
			throws IOException {
		Map<String, Long> sizes = new LinkedHashMap<>();
		for (String worker : workers) {
			Path file = deliveryFile(dir, application, worker);
			sizes.put(worker, Files.exists(file) ? Files.size(file) : 0L);
		}
		return sizes;
	}

	private static Set<String> shardsConsumedSince(Path dir, String application, Map<String, Long> sizes)
			throws IOException {
		Set<String> shards = new TreeSet<>();
		for (Map.Entry<String, Long> entry : sizes.entrySet()) {
			byte[] bytes = Files.readAllBytes(deliveryFile(dir, application, entry.getKey()));
			String appended = new String(bytes, entry.getValue().intValue(), bytes.length - entry.getValue().intValue(),
					StandardCharsets.UTF_8);
			for (String line : appended.split("\n")) {
				String[] parts = line.split(" ");
				if (parts.length == 3) {
					shards.add(parts[0]);
				}
			}
		}
		return shards;
	}

	private static Path deliveryFile(Path dir, String application, String worker) {
		return dir.resolve(application + "-" + worker + ".txt");
	}

	private static void report(String fleet, String what, long sinceNanos) {
		System.out.printf("Fleet (%s): %s after %.1f s%n", fleet, what, (System.nanoTime() - sinceNanos) / 1e9);
	}

	private static Process start(String application, String stream, String worker, Path dir) throws IOException {
		Map<String, String> properties = new LinkedHashMap<>(LocalAwsEmulators.shared().kineticProperties());
		KineticTestApplications.timingProperties().forEach((key, value) -> properties.put(key, value.toString()));
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.worker-id", worker);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.polling.max-records", "100");
		properties.put("crash.output", deliveryFile(dir, application, worker).toAbsolutePath().toString());
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
