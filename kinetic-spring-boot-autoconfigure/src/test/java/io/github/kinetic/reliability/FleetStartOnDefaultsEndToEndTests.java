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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two and three workers of one application start at the same moment on a new 4-shard
 * stream, on the starter's own timings (nothing tuned), while records flow: each worker
 * consumes a record from the leases it takes at start, before KCL's lease assignment
 * could have handed it one, the leases end balanced (two and two, or one or two each of
 * three), once balanced no lease changes owner more than once in the two minutes after,
 * and nothing is lost. The workers are applications in this JVM, so that what is measured
 * is the starter and KCL, not the start of a JVM; the times and the duplicates are
 * printed. The times against the 10 s target of a quiet machine are figures
 * (docs/benchmarks.md), not assertions: this test runs beside the whole suite.
 */
class FleetStartOnDefaultsEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final int SHARDS = 4;

	private static final Duration SETTLED_WATCH = Duration.ofMinutes(2);

	/**
	 * From the moment the workers are started to the first record of each: sooner than
	 * KCL's assignment moves a lease to a new worker (on its third pass, 30 s on the
	 * defaults; without the fair share at start, the later workers' first records came 37
	 * and 67 s after the start).
	 */
	private static final Duration FIRST_RECORD_WITHIN = Duration.ofSeconds(25);

	private static final String LOGGING_SYSTEM = LoggingSystem.class.getName();

	/**
	 * Start and stop one application first: the JVM's first Spring Boot start loads
	 * classes for many seconds, and the workers are to be measured, not the JVM.
	 */
	@BeforeAll
	static void warmUp() {
		String stream = KineticTestApplications.uniqueName("fleet-warm-up");
		aws.createStream(stream, 1);
		run(KineticTestApplications.uniqueName("app"), stream, "worker-warm-up").close();
	}

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
			// waits longer than the target, so that a miss is reported with its figures
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(firstRecord).containsOnlyKeys(workers));
			System.out.printf("Fleet (%s): first record per worker, seconds after the common start: %s%n", fleet,
					new TreeMap<>(firstRecord));
			Map<String, String> afterContext = new TreeMap<>();
			firstRecord.forEach((worker, seconds) -> afterContext.put(worker,
					String.format("%.1f", seconds - started.get(worker))));
			System.out.printf("Fleet (%s): first record per worker, seconds after its context started: %s%n", fleet,
					afterContext);
			await().atMost(Duration.ofMinutes(4))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertBalanced(new LeaseOwners(aws, application).now(), workers));
			report(fleet, "leases balanced " + new LeaseOwners(aws, application).now(), start);

			Map<String, Integer> ownerChanges = new LeaseOwners(aws, application).changesDuring(SETTLED_WATCH, () -> {
			});
			System.out.printf("Fleet (%s): owner changes per shard in the %d s after the balance: %s%n", fleet,
					SETTLED_WATCH.toSeconds(), ownerChanges);
			assertThat(ownerChanges.values()).as("owner changes per shard once balanced").allMatch((n) -> n <= 1);
			assertBalanced(new LeaseOwners(aws, application).now(), workers);

			List<String> written = producer.stop();
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				List<String> delivered = new ArrayList<>();
				contexts.forEach((context) -> delivered.addAll(context.getBean(CollectingListener.class).received));
				assertThat(new HashSet<>(delivered)).containsAll(written);
			});
			List<String> delivered = new ArrayList<>();
			contexts.forEach((context) -> delivered.addAll(context.getBean(CollectingListener.class).received));
			System.out.printf("Fleet (%s): %d written, 0 lost, %d duplicates%n", fleet, written.size(),
					delivered.size() - new HashSet<>(delivered).size());
			// asserted last, so that a miss still reports the balance and the losses
			assertThat(firstRecord.values()).as("seconds from the common start to each worker's first record")
				.allMatch((seconds) -> seconds <= FIRST_RECORD_WITHIN.toMillis() / 1000.0);
		}
		finally {
			producer.stop();
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

	/**
	 * Each worker holds one or two of four leases with three workers, two with two.
	 */
	private static void assertBalanced(Map<String, String> owners, List<String> workers) {
		assertThat(owners).hasSize(SHARDS);
		Map<String, Integer> held = new TreeMap<>();
		owners.values().forEach((owner) -> held.merge(owner, 1, Integer::sum));
		assertThat(held).containsOnlyKeys(workers);
		assertThat(held.values()).allMatch(
				(count) -> count >= SHARDS / workers.size() && count <= (SHARDS + workers.size() - 1) / workers.size());
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
