package io.github.kinetic.lease;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupLeaseClaim}: KCL's own lease refresher against the DynamoDB
 * emulator, with the other workers played by the test through the same refresher.
 */
class StartupLeaseClaimTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final Duration FAILOVER = Duration.ofSeconds(10);

	private static final int LEASES = 4;

	@Test
	void takesEveryFreeLeaseWhenNoOtherWorkerIsAlive() throws Exception {
		String application = leaseTable();
		// a worker that stopped long ago and left its entry behind does not count
		aws.dynamoDb()
			.putItem((request) -> request.tableName(application)
				.item(Map.of("leaseKey", AttributeValue.fromS("worker-gone"), "entityType",
						AttributeValue.fromS("WORKER_METRIC_STATS"), "lut",
						AttributeValue.fromN(Long.toString(Instant.now().minusSeconds(60).getEpochSecond())))))
			.join();
		StartupLeaseClaim claim = claim(application, "worker-a");
		assertThat(claim.takeUnowned()).as("leases of others to watch").isFalse();
		assertThat(claim.taken()).isEqualTo(LEASES);
		assertThat(owners(application)).containsOnly(Map.entry("worker-a", LEASES));
	}

	@Test
	void workersThatSeeEachOtherTakeHalfOfTheFreeLeasesEachAndStartAtOnce() throws Exception {
		String application = leaseTable();
		// both stamped before either reads: each believes it is the second
		liveWorkers(application).stamp("worker-a");
		liveWorkers(application).stamp("worker-b");
		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<Boolean> a = claimAfter(go, claim(application, "worker-a"));
		CompletableFuture<Boolean> b = claimAfter(go, claim(application, "worker-b"));
		go.countDown();
		assertThat(a.join()).as("worker-a waits for others' leases").isFalse();
		assertThat(b.join()).as("worker-b waits for others' leases").isFalse();
		assertThat(owners(application)).containsOnly(Map.entry("worker-a", 2), Map.entry("worker-b", 2));
	}

	@Test
	void takesFromALiveOwnerOverItsShareWhatItLacksAndNoMore() throws Exception {
		String application = leaseTable();
		LeaseRefresher refresher = refresher(application);
		List<Lease> held = refresher.listLeases();
		for (Lease lease : held) {
			assertThat(refresher.takeLease(lease, "worker-a")).isTrue();
		}
		liveWorkers(application).stamp("worker-a");
		AtomicBoolean renewing = new AtomicBoolean(true);
		Thread owner = renewEvery(Duration.ofSeconds(1), held, refresher, renewing);
		try {
			StartupLeaseClaim claim = claim(application, "worker-b");
			assertThat(claim.takeUnowned()).as("leases of others to watch").isTrue();
			long start = System.nanoTime();
			assertThat(claim.takeExpired(FAILOVER, StartupLeaseClaimTests::sleep)).isTrue();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).as("taken once the owner was seen renewing, not after the failover time")
				.isLessThan(FAILOVER);
			assertThat(claim.taken()).isEqualTo(2);
			assertThat(owners(application)).containsOnly(Map.entry("worker-a", 2), Map.entry("worker-b", 2));
		}
		finally {
			renewing.set(false);
			owner.join();
		}
	}

	@Test
	void takesAnOwnersLeasesThatAreNotRenewedOnlyAfterTheFailoverTime() throws Exception {
		String application = leaseTable();
		LeaseRefresher refresher = refresher(application);
		for (Lease lease : refresher.listLeases()) {
			assertThat(refresher.takeLease(lease, "worker-killed")).isTrue();
		}
		Duration failover = Duration.ofSeconds(3);
		StartupLeaseClaim claim = claim(application, "worker-b");
		assertThat(claim.takeUnowned()).isTrue();
		long start = System.nanoTime();
		assertThat(claim.takeExpired(failover, StartupLeaseClaimTests::sleep)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(failover);
		assertThat(owners(application)).containsOnly(Map.entry("worker-b", LEASES));
	}

	@Test
	void leavesTheLeasesOfAnOwnerAliveByItsMetricsEntryThatHasNotStartedRenewing() throws Exception {
		String application = leaseTable();
		LeaseRefresher refresher = refresher(application);
		for (Lease lease : refresher.listLeases()) {
			assertThat(refresher.takeLease(lease, "worker-slow")).isTrue();
		}
		// stamped at its claim, its scheduler not renewing yet: on a busy machine that
		// can take longer than a short failover time
		liveWorkers(application).stamp("worker-slow");
		Duration failover = Duration.ofSeconds(2);
		StartupLeaseClaim claim = claim(application, "worker-b");
		assertThat(claim.takeUnowned()).isTrue();
		assertThat(claim.takeExpired(failover, StartupLeaseClaimTests::sleep)).isTrue();
		assertThat(claim.taken()).isZero();
		assertThat(owners(application)).containsOnly(Map.entry("worker-slow", LEASES));
	}

	private static Thread renewEvery(Duration interval, List<Lease> leases, LeaseRefresher refresher,
			AtomicBoolean renewing) {
		Thread thread = new Thread(() -> {
			while (renewing.get()) {
				for (Lease lease : leases) {
					try {
						// a lease taken from this owner fails its renewal from then on
						refresher.renewLease(lease);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
				sleep(interval.toMillis());
			}
		}, "lease-owner");
		thread.start();
		return thread;
	}

	private static CompletableFuture<Boolean> claimAfter(CountDownLatch go, StartupLeaseClaim claim) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				go.await();
				return claim.takeUnowned();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, (task) -> new Thread(task).start());
	}

	private static boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String leaseTable() throws Exception {
		String application = KineticTestApplications.uniqueName("claim");
		new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(application, BillingMode.PAY_PER_REQUEST, Map.of());
		LeaseRefresher refresher = refresher(application);
		for (int i = 0; i < LEASES; i++) {
			Lease lease = new Lease();
			lease.leaseKey("shardId-00000000000" + i);
			lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
			lease.ownerSwitchesSinceCheckpoint(0L);
			assertThat(refresher.createLeaseIfNotExists(lease)).isTrue();
		}
		return application;
	}

	private static Map<String, Integer> owners(String application) throws Exception {
		Map<String, Integer> owners = new TreeMap<>();
		for (Lease lease : refresher(application).listLeases()) {
			owners.merge(String.valueOf(lease.leaseOwner()), 1, Integer::sum);
		}
		return owners;
	}

	private static StartupLeaseClaim claim(String application, String worker) {
		return new StartupLeaseClaim(refresher(application), tracker(), worker, liveWorkers(application));
	}

	private static LiveWorkers liveWorkers(String application) {
		// the starter's report interval on the defaults: half the failover time
		return new LiveWorkers(aws.dynamoDb(), application, FAILOVER.dividedBy(2));
	}

	private static LeaseRefresher refresher(String application) {
		CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.region(Region.of(LocalAwsEmulators.REGION))
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build();
		ConfigsBuilder configs = new ConfigsBuilder(tracker(), application, aws.kinesis(), aws.dynamoDb(), cloudWatch,
				"test", MigrationStateCreationTests.NoOpProcessor::new);
		return InitialLeaseSync.factory(configs.leaseManagementConfig(), false).createLeaseRefresher();
	}

	private static StreamTracker tracker() {
		return new SingleStreamTracker(StreamIdentifier.singleStreamInstance("claim-stream"),
				InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
	}

}
