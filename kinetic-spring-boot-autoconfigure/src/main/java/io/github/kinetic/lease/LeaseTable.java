package io.github.kinetic.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.StreamSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseManagementFactory;
import software.amazon.kinesis.processor.StreamTracker;

import org.springframework.core.log.LogMessage;

/**
 * The lease table of one application, as the listener container sees it: prepared before
 * a KCL scheduler starts, its free leases claimed, handed back after it stops. The one
 * entry point of the container into this package.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class LeaseTable {

	private static final Log logger = LogFactory.getLog(LeaseTable.class);

	private final DynamoDbAsyncClient dynamoDb;

	private final ConsumerSettings settings;

	private final StreamTrackerFactory streamTrackers;

	/**
	 * Create an instance.
	 * @param clients the AWS clients: DynamoDB for the table, Kinesis for its streams
	 * @param settings the settings of the application, which name the table, its streams
	 * and its tracking mode
	 */
	public LeaseTable(KinesisClients clients, ConsumerSettings settings) {
		this.dynamoDb = clients.dynamoDb();
		this.settings = settings;
		this.streamTrackers = new StreamTrackerFactory(clients.kinesis());
	}

	private String name() {
		return this.settings.applicationName();
	}

	private String firstStream() {
		return this.settings.streamNames().get(0);
	}

	/**
	 * Create the table if it is missing, check that its leases can be used in this lease
	 * tracking mode, and apply the requested start-position resets.
	 * @throws LeaseTrackingModeMismatchException if the table holds leases of the other
	 * tracking mode
	 * @throws LegacyLeaseKeysException if the table holds leases under identifiers
	 * without an account id that are not adopted
	 * @throws LeaseTableSchemaException if the table has another key schema
	 */
	public void prepare() {
		ConsumerSettings.Leases leases = this.settings.leases();
		new LeaseTableInitializer(this.dynamoDb).createIfMissing(name(), leases.tableBillingMode(), leases.tableTags());
		check(leases.adoptLegacyKeys());
		new StartPositionReset(this.dynamoDb).apply(name(), firstStream(), resets(), this.settings.workerId());
	}

	private List<StreamReset> resets() {
		List<StreamReset> resets = new ArrayList<>();
		for (StreamSettings stream : this.settings.streams().all()) {
			String token = stream.resetToken();
			if (token != null) {
				resets.add(new StreamReset(stream.name(), token, stream.startFrom()));
			}
		}
		return resets;
	}

	private void check(boolean adoptLegacyLeases) {
		List<KinesisLease> leases = new LeaseTableItems(this.dynamoDb).leases(name(), firstStream());
		boolean multiStream = this.settings.multiStream();
		if (leases.stream().anyMatch((lease) -> lease.isMultiStream() != multiStream)) {
			throw new LeaseTrackingModeMismatchException(name(), multiStream);
		}
		List<String> adoptable = adoptLegacyLeases ? this.settings.streamNames() : List.of();
		List<String> unusable = leases.stream()
			.filter((lease) -> lease.streamIdentifier() != null
					&& !StreamIdentifiers.hasAccountId(lease.streamIdentifier()))
			.filter((lease) -> !adoptable.contains(lease.stream()))
			.map(KinesisLease::leaseKey)
			.toList();
		if (!unusable.isEmpty()) {
			throw new LegacyLeaseKeysException(name(), unusable);
		}
	}

	/**
	 * Write KCL's migration state before the scheduler starts, as KCL itself would, so
	 * that schedulers starting together on a new lease table do not race to create it
	 * (see {@link MigrationStateCreation}). A failure is logged: KCL then writes it.
	 * @param coordinator the coordinator config of the scheduler, after the customizers
	 */
	public void createMigrationState(CoordinatorConfig coordinator) {
		try {
			new MigrationStateCreation(this.dynamoDb).createIfAbsent(name(), coordinator, this.settings.workerId());
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage
				.format("Could not write KCL's migration state to %s before starting; KCL will, and workers starting"
						+ " at the same moment may race to do so", name()),
					ex);
		}
	}

	/**
	 * Return the configured streams that do not exist (yet).
	 * @return the names of the missing streams, in configuration order
	 */
	public List<String> missingStreams() {
		return this.streamTrackers.missingStreams(this.settings);
	}

	/**
	 * Return what tells KCL which streams the leases track and where shards without a
	 * checkpoint start.
	 * @param settings the settings to consume with, their start positions fixed for the
	 * instant the container started
	 * @return the stream tracker
	 */
	public StreamTracker streamTracker(ConsumerSettings settings) {
		return this.streamTrackers.create(settings);
	}

	/**
	 * Get a worker about to start its scheduler its leases without waiting for KCL's
	 * lease assignment: create the leases of the streams that have none, as KCL would,
	 * and take its share of those that nobody owns (all of them when it is the only live
	 * worker). What fails here is logged and left to KCL, which does the same, only
	 * later.
	 * @param config the lease management configuration of the scheduler
	 * @param streamTracker the streams of the scheduler
	 * @return the claim, to watch the leases of other workers with
	 */
	public StartupClaim claimFreeLeases(LeaseManagementConfig config, StreamTracker streamTracker) {
		// built once for both steps; neither call reaches DynamoDB
		DynamoDBLeaseManagementFactory factory = InitialLeaseSync.factory(config, streamTracker.isMultiStream());
		LeaseRefresher leaseRefresher = factory.createLeaseRefresher();
		try {
			InitialLeaseSync.syncStreamsWithoutLeases(config, factory, leaseRefresher, streamTracker,
					this.settings.leases().adoptLegacyKeys());
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format("Could not create the leases of %s before starting; KCL will",
					this.settings.streamNames()), ex);
		}
		try {
			LiveWorkers liveWorkers = new LiveWorkers(this.dynamoDb, name(), Duration
				.ofMillis(config.workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis()));
			StartupLeaseClaim claim = new StartupLeaseClaim(leaseRefresher, streamTracker, this.settings.workerId(),
					liveWorkers);
			return new StartupClaim(claim, claim.takeUnowned());
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format(
					"Could not take the free leases of %s at start; KCL's lease assignment will hand them out",
					this.settings.streamNames()), ex);
			return new StartupClaim(null, false);
		}
	}

	/**
	 * Note the leases a running scheduler holds, before it shuts down, so that they can
	 * be handed back once it has.
	 * @param scheduler the running scheduler
	 * @return what to hand back
	 */
	public HeldLeases heldLeases(Scheduler scheduler) {
		return new HeldLeases(LeaseRelease.of(scheduler));
	}

	/**
	 * The leases a stopping worker holds.
	 */
	public final class HeldLeases {

		private final LeaseRelease release;

		private HeldLeases(LeaseRelease release) {
			this.release = release;
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
			new WorkerMetricStatsRemoval(LeaseTable.this.dynamoDb).remove(name(), LeaseTable.this.settings.workerId());
		}

	}

	/**
	 * The leases a worker took before its scheduler started, and those of other workers
	 * it may still take: a lease whose owner does not renew it within the failover time
	 * is expired by KCL's own rule.
	 */
	public final class StartupClaim {

		private final @Nullable StartupLeaseClaim claim;

		private final boolean leasesToWatch;

		private StartupClaim(@Nullable StartupLeaseClaim claim, boolean leasesToWatch) {
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
		 * Watch the leases other workers hold for up to the failover time, taking those
		 * that are not renewed meanwhile by an owner whose metrics entry has gone stale:
		 * the scheduler then finds those of a worker that died (a restart after a crash)
		 * at its first lease discovery, instead of waiting for the leader's lease
		 * assignment. Live owners renew within a third of the failover time, which ends
		 * the watch early; from those holding more than their share, this worker then
		 * takes what it lacks of its own.
		 * @param sleepUnlessStopped sleeps for the given milliseconds, returning
		 * {@code false} if the worker is stopping instead
		 * @return whether the watch ended without the worker stopping
		 */
		public boolean takeExpired(LongPredicate sleepUnlessStopped) {
			if (this.claim == null) {
				return true;
			}
			try {
				return this.claim.takeExpired(LeaseTable.this.settings.leases().failoverTime(), sleepUnlessStopped);
			}
			catch (Exception ex) {
				logger.warn(LogMessage.format(
						"Could not take the expired leases of %s at start; KCL's lease assignment will hand them out",
						LeaseTable.this.settings.streamNames()), ex);
				return sleepUnlessStopped.test(0);
			}
		}

		/**
		 * Return how many leases were taken so far.
		 * @return the number of leases taken
		 */
		public int taken() {
			return (this.claim != null) ? this.claim.taken() : 0;
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
	record StreamReset(String stream, String token, InitialPositionInStreamExtended startFrom) {

	}

}
