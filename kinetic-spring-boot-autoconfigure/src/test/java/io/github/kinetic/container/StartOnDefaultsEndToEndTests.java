package io.github.kinetic.container;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start, restart and take-over on the starter's own timings (10 s failover time), with
 * real KCL against the emulators.
 * <p>
 * Left to KCL 3, a worker gets its first lease from the leader's lease assignment, whose
 * first pass finds no metrics for a worker that has just started and whose next pass
 * comes two failover times (20 s) later. The bounds below sit under that: a worker that
 * consumes within them took its leases itself. They say which mechanism delivered, not
 * how fast it was: the figures come from {@code ConsumerBenchmark}.
 */
class StartOnDefaultsEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final Duration FAILOVER_TIME = Duration.ofSeconds(10);

	/** Under the 20 s to KCL's second lease assignment pass. */
	private static final Duration BEFORE_LEASE_ASSIGNMENT = Duration.ofSeconds(15);

	@Test
	void aFreshAndThenARestartedApplicationConsumeBeforeKclWouldAssignThemALease() {
		String stream = KineticTestApplications.uniqueName("defaults");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> first = payloads("first", 40);
		aws.putRecords(stream, first);
		Map<String, Object> properties = Map.of("kinetic.application-name", application, "kinetic.streams[0].name",
				stream, "kinetic.streams[0].start-from.position", "trim-horizon");

		long fresh = System.nanoTime();
		try (ConfigurableApplicationContext context = KineticTestApplications
			.runOnDefaults(CollectingListenerApplication.class, properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(BEFORE_LEASE_ASSIGNMENT).until(() -> received.containsAll(first));
			report("fresh start", fresh);
		}

		List<String> second = payloads("second", 40);
		aws.putRecords(stream, second);
		long restart = System.nanoTime();
		try (ConfigurableApplicationContext context = KineticTestApplications
			.runOnDefaults(CollectingListenerApplication.class, properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(BEFORE_LEASE_ASSIGNMENT).until(() -> received.containsAll(second));
			report("graceful restart", restart);
			// the first run checkpointed and released its leases: the restart resumes
			assertThat(received).doesNotContainAnyElementsOf(first);
		}
	}

	@Test
	void aWorkerTakesTheLeasesOfACrashedOneOnceTheyExpireAndNotBefore() {
		String stream = KineticTestApplications.uniqueName("crashed");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> first = payloads("first", 20);
		aws.putRecords(stream, first);
		Map<String, Object> properties = Map.of("kinetic.application-name", application, "kinetic.streams[0].name",
				stream, "kinetic.streams[0].start-from.position", "trim-horizon");
		try (ConfigurableApplicationContext context = KineticTestApplications
			.runOnDefaults(CollectingListenerApplication.class, properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(Duration.ofMinutes(1)).until(() -> received.containsAll(first));
		}
		// what a worker killed with SIGKILL leaves: it still owns the leases, and nobody
		// renews them
		List<String> shardLeases = leaseKeys(application);
		shardLeases.forEach((leaseKey) -> ownLease(application, leaseKey, "worker-killed"));

		List<String> second = payloads("second", 20);
		aws.putRecords(stream, second);
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = KineticTestApplications
			.runOnDefaults(CollectingListenerApplication.class, properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FAILOVER_TIME.plus(BEFORE_LEASE_ASSIGNMENT)).until(() -> received.containsAll(second));
			Duration took = report("take-over of a killed worker's leases", start);
			assertThat(took).as("leases taken only once expired").isGreaterThanOrEqualTo(FAILOVER_TIME);
			assertThat(new HashSet<>(owners(application).values())).doesNotContain("worker-killed");
		}
	}

	private static List<String> payloads(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static Duration report(String what, long startNanos) {
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		System.out.printf("%s: all records delivered %d ms after the application started%n", what, took.toMillis());
		return took;
	}

	private static List<String> leaseKeys(String table) {
		return aws.scan(table)
			.stream()
			.map((item) -> item.get("leaseKey").s())
			.filter((key) -> key.startsWith("shardId-"))
			.toList();
	}

	private static Map<String, String> owners(String table) {
		Map<String, String> owners = new TreeMap<>();
		aws.scan(table)
			.stream()
			.filter((item) -> item.get("leaseKey").s().startsWith("shardId-"))
			.forEach((item) -> owners.put(item.get("leaseKey").s(),
					item.containsKey("leaseOwner") ? item.get("leaseOwner").s() : "none"));
		return owners;
	}

	private static void ownLease(String table, String leaseKey, String owner) {
		aws.dynamoDb()
			.updateItem((request) -> request.tableName(table)
				.key(Map.of("leaseKey", AttributeValue.fromS(leaseKey)))
				.updateExpression("SET leaseOwner = :owner")
				.expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))))
			.join();
	}

}
