package io.github.kinetic.lease;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.processor.StreamTracker;

import org.springframework.core.log.LogMessage;

/**
 * The lease table of one application, as the listener container sees it: prepared before
 * a KCL scheduler starts, handed back after it stops. Internal to kinetic: the one entry
 * point of the container into this package.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class LeaseTable {

	private static final Log logger = LogFactory.getLog(LeaseTable.class);

	private final DynamoDbAsyncClient dynamoDb;

	private final String name;

	private final List<String> streams;

	private final boolean multiStream;

	/**
	 * Create an instance.
	 * @param dynamoDb the DynamoDB client
	 * @param name the lease table name, which is the application name
	 * @param streams the names of the streams consumed
	 * @param multiStream whether leases track several streams
	 */
	public LeaseTable(DynamoDbAsyncClient dynamoDb, String name, List<String> streams, boolean multiStream) {
		this.dynamoDb = dynamoDb;
		this.name = name;
		this.streams = List.copyOf(streams);
		this.multiStream = multiStream;
	}

	/**
	 * Create the table if it is missing, check that its leases can be used in this lease
	 * tracking mode, and apply the requested start-position resets.
	 * @param billingMode the billing mode of a table created here
	 * @param tags the tags of a table created here
	 * @param adoptLegacyLeases whether leases written under another stream identifier are
	 * adopted (so they do not make the check fail)
	 * @param resets the requested resets
	 * @param workerId the identifier of this worker, recorded with an applied reset
	 * @throws LeaseTrackingModeMismatchException if the table holds leases of the other
	 * tracking mode
	 * @throws LegacyLeaseKeysException if the table holds leases under identifiers
	 * without an account id that are not adopted
	 */
	public void prepare(BillingMode billingMode, Map<String, String> tags, boolean adoptLegacyLeases,
			List<StreamReset> resets, String workerId) {
		new LeaseTableInitializer(this.dynamoDb).createIfMissing(this.name, billingMode, tags);
		check(adoptLegacyLeases);
		new StartPositionReset(this.dynamoDb).apply(this.name, this.streams.get(0), resets, workerId);
	}

	private void check(boolean adoptLegacyLeases) {
		List<KinesisLease> leases = new LeaseTableItems(this.dynamoDb).leases(this.name, this.streams.get(0));
		if (leases.stream().anyMatch((lease) -> lease.isMultiStream() != this.multiStream)) {
			throw new LeaseTrackingModeMismatchException(this.name, this.multiStream);
		}
		List<String> adoptable = adoptLegacyLeases ? this.streams : List.of();
		List<String> unusable = leases.stream()
			.filter((lease) -> lease.streamIdentifier() != null
					&& !StreamIdentifiers.hasAccountId(lease.streamIdentifier()))
			.filter((lease) -> !adoptable.contains(lease.stream()))
			.map(KinesisLease::leaseKey)
			.toList();
		if (!unusable.isEmpty()) {
			throw new LegacyLeaseKeysException(this.name, unusable);
		}
	}

	/**
	 * Write KCL's migration state before the scheduler starts, as KCL itself would, so
	 * that schedulers starting together on a new lease table do not race to create it
	 * (see {@link MigrationStateCreation}). A failure is logged: KCL then writes it.
	 * @param coordinator the coordinator config of the scheduler, after the customizers
	 * @param workerId the identifier of this worker
	 */
	public void createMigrationState(CoordinatorConfig coordinator, String workerId) {
		try {
			new MigrationStateCreation(this.dynamoDb).createIfAbsent(this.name, coordinator, workerId);
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage
				.format("Could not write KCL's migration state to %s before starting; KCL will, and workers starting"
						+ " at the same moment may race to do so", this.name),
					ex);
		}
	}

	/**
	 * Create the leases of the streams that have none, as KCL would, so that a new
	 * scheduler does not wait for its first shard sync.
	 * @param config the lease management configuration of the scheduler
	 * @param streamTracker the streams of the scheduler
	 * @param adoptLegacyLeases whether to adopt a stream's leases written under another
	 * identifier instead
	 * @throws Exception on a DynamoDB or Kinesis failure
	 */
	public void createMissingLeases(LeaseManagementConfig config, StreamTracker streamTracker,
			boolean adoptLegacyLeases) throws Exception {
		InitialLeaseSync.syncStreamsWithoutLeases(config, streamTracker, adoptLegacyLeases);
	}

	/**
	 * Take the leases of the streams that nobody owns, for a worker about to start its
	 * scheduler, and note those that other workers own (see {@link StartupClaim}).
	 * @param config the lease management configuration of the scheduler
	 * @param streamTracker the streams of the scheduler
	 * @param workerId the identifier of the worker
	 * @return the claim, to watch the leases of other workers with
	 * @throws Exception on a DynamoDB failure
	 */
	public StartupClaim claimFreeLeases(LeaseManagementConfig config, StreamTracker streamTracker, String workerId)
			throws Exception {
		LeaseRefresher leaseRefresher = InitialLeaseSync.factory(config, streamTracker.isMultiStream())
			.createLeaseRefresher();
		StartupLeaseClaim claim = new StartupLeaseClaim(leaseRefresher, streamTracker, workerId);
		return new StartupClaim(claim, claim.takeUnowned());
	}

	/**
	 * Note the leases a running scheduler holds, before it shuts down, so that they can
	 * be handed back once it has.
	 * @param scheduler the running scheduler
	 * @param workerId the identifier of the scheduler's worker
	 * @return what to hand back
	 */
	public HeldLeases heldLeases(Scheduler scheduler, String workerId) {
		return new HeldLeases(LeaseRelease.of(scheduler), workerId);
	}

	/**
	 * The leases a stopping worker holds.
	 */
	public final class HeldLeases {

		private final LeaseRelease release;

		private final String workerId;

		private HeldLeases(LeaseRelease release, String workerId) {
			this.release = release;
			this.workerId = workerId;
		}

		/**
		 * Hand the table back after the scheduler has stopped: release the leases (after
		 * a graceful shutdown, which checkpointed them) so that other workers take them
		 * at once, and remove the worker's metrics entry so that lease assignment stops
		 * counting it.
		 * @param graceful whether the scheduler shut down gracefully
		 */
		public void handBack(boolean graceful) {
			if (graceful) {
				this.release.release();
			}
			new WorkerMetricStatsRemoval(LeaseTable.this.dynamoDb).remove(LeaseTable.this.name, this.workerId);
		}

	}

	/**
	 * The leases a worker took before its scheduler started, and those of other workers
	 * it may still take: a lease whose owner does not renew it within the failover time
	 * is expired by KCL's own rule.
	 */
	public static final class StartupClaim {

		private final StartupLeaseClaim claim;

		private final boolean leasesToWatch;

		private StartupClaim(StartupLeaseClaim claim, boolean leasesToWatch) {
			this.claim = claim;
			this.leasesToWatch = leasesToWatch;
		}

		/**
		 * Whether other workers own leases of the streams, to be watched with
		 * {@link #takeExpired} before the scheduler starts.
		 * @return whether there are leases to watch
		 */
		public boolean hasLeasesToWatch() {
			return this.leasesToWatch;
		}

		/**
		 * Watch the leases of other workers for up to the failover time, taking those
		 * that are not renewed meanwhile.
		 * @param failoverTime the failover time
		 * @param sleepUnlessStopped sleeps for the given milliseconds, returning
		 * {@code false} if the worker is stopping instead
		 * @return whether the watch ended without the worker stopping
		 * @throws Exception on a DynamoDB failure
		 */
		public boolean takeExpired(Duration failoverTime, LongPredicate sleepUnlessStopped) throws Exception {
			return this.claim.takeExpired(failoverTime, sleepUnlessStopped);
		}

		/**
		 * Return how many leases were taken so far.
		 * @return the number of leases taken
		 */
		public int taken() {
			return this.claim.taken();
		}

	}

	/**
	 * A stream whose configured start position is to win over its checkpoints, once per
	 * token.
	 *
	 * @param stream the stream name
	 * @param token the reset token
	 * @param startFrom the configured start position, for the log
	 */
	public record StreamReset(String stream, String token, InitialPositionInStreamExtended startFrom) {

	}

}
