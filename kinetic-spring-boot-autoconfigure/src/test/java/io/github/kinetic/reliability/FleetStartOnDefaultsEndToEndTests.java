package io.github.kinetic.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two and three workers of one application start at the same moment on a new 4-shard
 * stream, on the starter's own timings (nothing tuned), while records flow: every shard
 * is consumed, the leases end up spread over every worker, and once spread no lease
 * changes owner more than once in the two minutes after. The workers are applications in
 * this JVM, so that what is measured is the starter and KCL, not the start of a JVM; the
 * times are printed, not asserted.
 */
class FleetStartOnDefaultsEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final int SHARDS = 4;

	private static final Duration SETTLED_WATCH = Duration.ofMinutes(2);

	private static final String LOGGING_SYSTEM = LoggingSystem.class.getName();

	@ParameterizedTest(name = "{0} workers")
	@ValueSource(ints = { 2, 3 })
	void workersStartingTogetherConsumeEveryShardAndSettle(int size) throws Exception {
		String stream = KineticTestApplications.uniqueName("fleet-defaults");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, SHARDS);
		List<String> workers = IntStream.range(0, size).mapToObj((i) -> "worker-" + (char) ('a' + i)).toList();
		OutageEndToEndTests.Producer producer = new OutageEndToEndTests.Producer(aws, stream);
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		Map<String, Double> firstRecord = new ConcurrentHashMap<>();
		String fleet = size + " workers on " + SHARDS + " shards, defaults";
		try {
			producer.start();
			long start = System.nanoTime();
			Map<String, Double> started = new ConcurrentHashMap<>();
			// a thread each: the common pool has one thread on two cores, which would
			// start the workers one after the other
			ExecutorService threads = Executors.newFixedThreadPool(size);
			// Spring Boot's logging initialization is not safe for contexts starting
			// at the same moment in one JVM; Logback keeps the configuration it has
			System.setProperty(LOGGING_SYSTEM, "none");
			List<CompletableFuture<ConfigurableApplicationContext>> starting = workers.stream()
				.map((worker) -> CompletableFuture.supplyAsync(() -> {
					ConfigurableApplicationContext context = run(application, stream, worker);
					started.put(worker, (System.nanoTime() - start) / 1e9);
					return context;
				}, threads))
				.toList();
			threads.shutdown();
			try {
				starting.forEach((context) -> contexts.add(context.join()));
			}
			finally {
				System.clearProperty(LOGGING_SYSTEM);
			}
			for (int i = 0; i < size; i++) {
				ConfigurableApplicationContext context = contexts.get(i);
				watchFirstRecord(workers.get(i), context.getBean(CollectingListener.class), start, firstRecord);
			}
			// starting a context takes seconds of CPU; what KCL and the starter take is
			// measured from these instants
			System.out.printf("Fleet (%s): contexts started, seconds after the common start: %s%n", fleet,
					new TreeMap<>(started));
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				assertThat(new LeaseOwners(aws, application).now()).hasSize(SHARDS);
				assertThat(firstRecord).isNotEmpty();
			});
			report(fleet, "every shard owned " + new LeaseOwners(aws, application).now(), start);
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertThat(new HashSet<>(new LeaseOwners(aws, application).now().values()))
					.containsExactlyInAnyOrderElementsOf(workers);
				assertThat(firstRecord).containsOnlyKeys(workers);
			});
			report(fleet, "leases spread " + new LeaseOwners(aws, application).now(), start);
			System.out.printf("Fleet (%s): first record per worker, seconds after the common start: %s%n", fleet,
					new TreeMap<>(firstRecord));

			Map<String, Integer> ownerChanges = new LeaseOwners(aws, application).changesDuring(SETTLED_WATCH, () -> {
			});
			System.out.printf("Fleet (%s): owner changes per shard in the %d s after the spread: %s%n", fleet,
					SETTLED_WATCH.toSeconds(), ownerChanges);
			assertThat(ownerChanges.values()).as("owner changes per shard once spread").allMatch((n) -> n <= 1);

			List<String> written = producer.stop();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				List<String> delivered = new ArrayList<>();
				contexts.forEach((context) -> delivered.addAll(context.getBean(CollectingListener.class).received));
				assertThat(new HashSet<>(delivered)).containsAll(written);
			});
			System.out.printf("Fleet (%s): %d written, 0 lost%n", fleet, written.size());
		}
		finally {
			producer.stop();
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

	private static ConfigurableApplicationContext run(String application, String stream, String worker) {
		return KineticTestApplications.runOnDefaults(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.worker-id", worker, "kinetic.streams[0].name",
						stream, "kinetic.streams[0].start-from.position", "trim-horizon"));
	}

	private static void watchFirstRecord(String worker, CollectingListener listener, long start,
			Map<String, Double> firstRecord) {
		Thread watcher = new Thread(() -> {
			while (listener.received.isEmpty()) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			firstRecord.put(worker, (System.nanoTime() - start) / 1e9);
		}, "first-record-" + worker);
		watcher.setDaemon(true);
		watcher.start();
	}

	private static void report(String fleet, String what, long sinceNanos) {
		System.out.printf("Fleet (%s): %s after %.1f s%n", fleet, what, (System.nanoTime() - sinceNanos) / 1e9);
	}

}
