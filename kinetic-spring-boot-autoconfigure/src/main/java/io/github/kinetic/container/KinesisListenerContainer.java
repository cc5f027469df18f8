package io.github.kinetic.container;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.kinetic.lease.LeaseTable;
import io.github.kinetic.lifecycle.ContainerEvents;
import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.SchedulerConfigs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.processor.StreamTracker;

import org.springframework.core.log.LogMessage;

/**
 * Runs one KCL {@link Scheduler} for the streams of one application name (consumer
 * group), with its own lease table, and hands each stream's records to its listener.
 * Created and owned by the {@link KinesisListenerEndpointRegistry}; not a bean.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisListenerContainer {

	private static final Log logger = LogFactory.getLog(KinesisListenerContainer.class);

	private final ConsumerSettings settings;

	private final KinesisClients clients;

	private final Map<String, ListenerBinding> bindingsByStream;

	private final List<KinesisSchedulerCustomizer> customizers;

	private final ShardProgress shardProgress = new ShardProgress();

	private final LeaseTable leaseTable;

	private final ListenerObserver observer;

	private final Object lifecycleMonitor = new Object();

	private ContainerLifecycle lifecycle = ContainerLifecycle.none();

	private ContainerEvents events;

	private @Nullable Scheduler scheduler;

	private @Nullable Thread schedulerThread;

	private @Nullable ContainerStopSignal stopSignal;

	private Instant startedAt = Instant.EPOCH;

	private volatile @Nullable Throwable startupFailure;

	private volatile boolean startupRetrying;

	KinesisListenerContainer(ConsumerSettings settings, KinesisClients clients,
			Map<String, ListenerBinding> bindingsByStream, List<KinesisSchedulerCustomizer> customizers,
			ListenerObserver observer) {
		this.settings = settings;
		this.clients = clients;
		this.bindingsByStream = Map.copyOf(bindingsByStream);
		this.customizers = List.copyOf(customizers);
		this.observer = ListenerObserver.composite(List.of(this.shardProgress, observer));
		this.leaseTable = new LeaseTable(clients.dynamoDb(), settings.applicationName(), settings.streamNames(),
				settings.multiStream());
		this.events = this.lifecycle.events(this, settings.applicationName());
	}

	void useLifecycle(ContainerLifecycle lifecycle) {
		this.lifecycle = lifecycle;
		this.events = lifecycle.events(this, this.settings.applicationName());
	}

	private List<String> listenerIds() {
		return this.bindingsByStream.values().stream().map(ListenerBinding::listenerId).distinct().sorted().toList();
	}

	private boolean holdsLease(String stream, String shardId) {
		return getOwnedShards().stream()
			.anyMatch((owned) -> owned.stream().equals(stream) && owned.shardId().equals(shardId));
	}

	/**
	 * Return the id of this container: the application name.
	 * @return the container id
	 */
	public String getId() {
		return this.settings.applicationName();
	}

	/**
	 * Return the settings this container consumes with.
	 * @return the consumer settings
	 */
	public ConsumerSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the KCL scheduler while the container runs.
	 * @return the scheduler, or {@code null} when stopped
	 */
	public @Nullable Scheduler getScheduler() {
		return this.scheduler;
	}

	/**
	 * Return the shards whose leases this worker holds now, with how far each one's last
	 * batch was behind the tip of the shard.
	 * @return the owned shards, by stream and shard id; empty when stopped
	 */
	public List<OwnedShard> getOwnedShards() {
		Scheduler current = this.scheduler;
		if (current == null) {
			return List.of();
		}
		return this.shardProgress.owned(current.leaseCoordinator().getAssignments(), this.settings.singleStreamName());
	}

	/**
	 * Return how far the last batch of a shard a processor of this container holds was
	 * behind the tip of the shard.
	 * @param stream the stream name
	 * @param shardId the shard id
	 * @return the milliseconds behind latest, or {@code null} if no processor of this
	 * container holds the shard or Kinesis did not report it
	 */
	public @Nullable Long millisBehindLatest(String stream, String shardId) {
		return this.shardProgress.millisBehindLatest(stream, shardId);
	}

	/**
	 * Whether the KCL scheduler runs and has not begun to shut down.
	 * @return whether the scheduler is running
	 */
	public boolean isSchedulerRunning() {
		Scheduler current = this.scheduler;
		return current != null && isRunning() && !current.hasGracefulShutdownStarted();
	}

	/**
	 * Whether the container has started and not stopped.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		Thread thread = this.schedulerThread;
		return thread != null && thread.isAlive();
	}

	/**
	 * Create the lease table if needed, check it and the streams, and start the scheduler
	 * on its own thread. With {@link MissingStreamsPolicy#WAIT} and a missing stream, the
	 * scheduler starts once every stream exists.
	 */
	public void start() {
		start(null);
	}

	/**
	 * Start as {@link #start()} does; if that fails, the failure is kept (see
	 * {@link #getStartupFailure()}) and published with the wait before the next attempt.
	 * @param retryIn the wait before the next attempt if this one fails, or {@code null}
	 * if there is none
	 */
	void start(@Nullable Duration retryIn) {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null || this.schedulerThread != null) {
				return;
			}
			this.startedAt = Instant.now();
			try {
				prepareAndStart();
				this.startupFailure = null;
				this.startupRetrying = false;
			}
			catch (RuntimeException ex) {
				this.startupFailure = ex;
				this.startupRetrying = retryIn != null;
				this.events.startupFailed(this.settings.streamNames(), ex, retryIn);
				throw ex;
			}
		}
	}

	/**
	 * Return why the last attempt to start this container failed, while it has not
	 * started since.
	 * @return the failure, or {@code null} if the container started or never tried
	 */
	public @Nullable Throwable getStartupFailure() {
		return this.startupFailure;
	}

	/**
	 * Whether the container failed to start and another attempt follows
	 * ({@link StartupFailurePolicy#RETRY}).
	 * @return whether its startup is retried
	 */
	public boolean isStartupRetrying() {
		return this.startupFailure != null && this.startupRetrying;
	}

	void giveUpStartup() {
		this.startupRetrying = false;
	}

	private void prepareAndStart() {
		this.leaseTable.prepare(this.settings.leaseTableBillingMode(), this.settings.leaseTableTags(),
				this.settings.adoptLegacyLeases(), this.settings.leaseResets(), this.settings.workerId());
		StreamTrackerFactory streamTrackers = new StreamTrackerFactory(this.clients.kinesis());
		List<String> missing = streamTrackers.missingStreams(this.settings);
		ContainerStopSignal signal = new ContainerStopSignal();
		this.stopSignal = signal;
		if (missing.isEmpty()) {
			startScheduler(streamTrackers, signal);
		}
		else if (this.settings.missingStreams() == MissingStreamsPolicy.FAIL) {
			this.stopSignal = null;
			throw new StreamNotFoundException(missing.get(0), null);
		}
		else {
			startWhenStreamsExist(streamTrackers, signal, missing);
		}
	}

	private void startWhenStreamsExist(StreamTrackerFactory streamTrackers, ContainerStopSignal signal,
			List<String> missing) {
		logger
			.warn(LogMessage.format("Streams %s do not exist yet; %s starts consuming once they do", missing, getId()));
		long intervalMillis = this.settings.missingStreamsCheckInterval().toMillis();
		Thread waiter = new Thread(() -> {
			while (signal.sleepUnlessStopped(intervalMillis)) {
				if (streamTrackers.missingStreams(this.settings).isEmpty()) {
					synchronized (this.lifecycleMonitor) {
						if (!signal.isStopping()) {
							startScheduler(streamTrackers, signal);
						}
					}
					return;
				}
			}
		}, "kinetic-" + this.settings.applicationName() + "-awaiting-streams");
		// not a daemon, for the same reason as the lease claim's watcher
		waiter.setDaemon(false);
		this.schedulerThread = waiter;
		waiter.start();
	}

	private void startScheduler(StreamTrackerFactory streamTrackers, ContainerStopSignal signal) {
		StreamTracker streamTracker = streamTrackers.create(this.settings.startingAt(this.startedAt));
		SchedulerConfigs configs = schedulerConfigs(streamTracker, signal);
		this.customizers.forEach((customizer) -> customizer.customize(configs));
		this.leaseTable.createMigrationState(configs.coordinator(), this.settings.workerId());
		syncStreamsWithoutLeases(configs, streamTracker);
		LeaseTable.StartupClaim claim = claimFreeLeases(configs, streamTracker);
		if (claim == null || !claim.hasLeasesToWatch()) {
			runScheduler(configs, claim);
			return;
		}
		Thread watcher = new Thread(() -> {
			if (takeExpiredLeases(claim, signal)) {
				synchronized (this.lifecycleMonitor) {
					if (!signal.isStopping()) {
						runScheduler(configs, claim);
					}
				}
			}
		}, "kinetic-" + this.settings.applicationName() + "-lease-claim");
		// not a daemon: until the scheduler's own threads run, this one keeps an
		// application without a web server alive
		watcher.setDaemon(false);
		this.schedulerThread = watcher;
		watcher.start();
	}

	private void runScheduler(SchedulerConfigs configs, LeaseTable.@Nullable StartupClaim claim) {
		Scheduler newScheduler = new Scheduler(configs.checkpoint(), configs.coordinator(), configs.leaseManagement(),
				configs.lifecycle(), configs.metrics(), configs.processor(), configs.retrieval());
		Thread thread = new Thread(newScheduler, "kinetic-" + this.settings.applicationName());
		thread.setDaemon(true);
		this.scheduler = newScheduler;
		this.schedulerThread = thread;
		thread.start();
		logger.info(LogMessage.format("Started consuming %s as %s (worker %s, %s mode, %s, %d leases taken at start)",
				this.settings.streamNames(), this.settings.applicationName(), this.settings.workerId(),
				this.settings.multiStream() ? "multi-stream" : "single-stream", KclConfigs.describeRetrieval(configs),
				(claim != null) ? claim.taken() : 0));
		this.events.started(this.settings.streamNames(), listenerIds());
	}

	private void syncStreamsWithoutLeases(SchedulerConfigs configs, StreamTracker streamTracker) {
		try {
			this.leaseTable.createMissingLeases(configs.leaseManagement(), streamTracker,
					this.settings.adoptLegacyLeases());
		}
		catch (Exception ex) {
			// KCL's own start-up sync creates the leases then, only later
			logger.warn(LogMessage.format("Could not create the leases of %s before starting; KCL will",
					this.settings.streamNames()), ex);
		}
	}

	private LeaseTable.@Nullable StartupClaim claimFreeLeases(SchedulerConfigs configs, StreamTracker streamTracker) {
		try {
			return this.leaseTable.claimFreeLeases(configs.leaseManagement(), streamTracker, this.settings.workerId());
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format(
					"Could not take the free leases of %s at start; KCL's lease assignment will" + " hand them out",
					this.settings.streamNames()), ex);
			return null;
		}
	}

	/**
	 * Watch the leases other workers hold before starting: the scheduler then finds those
	 * of a worker that died (a restart after a crash) at its first lease discovery,
	 * instead of waiting for the leader's lease assignment. Live owners renew within a
	 * third of the failover time, which ends the watch early.
	 */
	private boolean takeExpiredLeases(LeaseTable.StartupClaim claim, ContainerStopSignal signal) {
		try {
			return claim.takeExpired(this.settings.failoverTime(), signal::sleepUnlessStopped);
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format(
					"Could not take the expired leases of %s at start; KCL's lease assignment" + " will hand them out",
					this.settings.streamNames()), ex);
			return !signal.isStopping();
		}
	}

	private SchedulerConfigs schedulerConfigs(StreamTracker streamTracker, ContainerStopSignal signal) {
		return KclConfigs.build(this.settings, this.clients, streamTracker,
				new ListenerRecordProcessorFactory(this.bindingsByStream, signal, this.observer,
						this.lifecycle.shards(this.events, signal::isStopping, this::holdsLease)));
	}

	/**
	 * Shut the scheduler down gracefully: processors finish the batch in flight and are
	 * told to checkpoint; then the leases this worker held are released so that other
	 * workers can take them at once. Falls back to an immediate shutdown after the
	 * configured timeout.
	 */
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Scheduler current = this.scheduler;
			ContainerStopSignal signal = this.stopSignal;
			if (signal == null) {
				return;
			}
			signal.stop();
			this.lifecycle.pauses().wake();
			if (current == null) {
				// still waiting for missing streams
				awaitSchedulerThread();
				this.schedulerThread = null;
				this.stopSignal = null;
				return;
			}
			LeaseTable.HeldLeases held = this.leaseTable.heldLeases(current, this.settings.workerId());
			boolean graceful = shutDownGracefully(current);
			awaitSchedulerThread();
			held.handBack(graceful);
			this.scheduler = null;
			this.schedulerThread = null;
			this.stopSignal = null;
			logger.info(LogMessage.format("Stopped consuming as %s", getId()));
			this.events.stopped(this.settings.streamNames(), listenerIds());
		}
	}

	private boolean shutDownGracefully(Scheduler current) {
		long timeoutMillis = this.settings.shutdownTimeout().toMillis();
		try {
			current.startGracefulShutdown().get(timeoutMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			logger.warn(LogMessage.format("Graceful shutdown of %s took longer than %d ms; shutting down now", getId(),
					timeoutMillis));
		}
		catch (ExecutionException ex) {
			logger.warn(LogMessage.format("Graceful shutdown of %s failed; shutting down now", getId()), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		current.shutdown();
		return false;
	}

	private void awaitSchedulerThread() {
		Thread thread = this.schedulerThread;
		if (thread != null) {
			try {
				thread.join(this.settings.shutdownTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * A shard whose lease this worker holds.
	 *
	 * @param stream the stream name
	 * @param shardId the shard id
	 * @param millisBehindLatest how far the last batch was behind the tip of the shard,
	 * or {@code null} before Kinesis reported it or while no listener consumes the shard
	 */
	public record OwnedShard(String stream, String shardId, @Nullable Long millisBehindLatest) {

	}

}
