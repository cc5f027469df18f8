package io.github.kinetic.container;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.kinetic.lease.LeaseTable;
import io.github.kinetic.lease.StreamNotFoundException;
import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.SchedulerConfigs;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.ConsumerSettings.MissingStreamsPolicy;
import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
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

	private ContainerLifecycle lifecycle;

	private @Nullable SchedulerThread scheduler;

	// a thread waiting to start the scheduler: for missing streams or expiring leases
	private @Nullable Thread waiter;

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
		this.leaseTable = new LeaseTable(clients, settings);
		this.lifecycle = ContainerLifecycle.none().forContainer(this, settings.applicationName());
	}

	void useLifecycle(ContainerLifecycle lifecycle) {
		this.lifecycle = lifecycle.forContainer(this, this.settings.applicationName());
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
	@Nullable Scheduler getScheduler() {
		SchedulerThread current = this.scheduler;
		return (current != null) ? current.scheduler() : null;
	}

	/**
	 * Return the shards whose leases this worker holds now, with how far each one's last
	 * batch was behind the tip of the shard.
	 * @return the owned shards, by stream and shard id; empty when stopped
	 */
	public List<OwnedShard> getOwnedShards() {
		Scheduler current = getScheduler();
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
		Scheduler current = getScheduler();
		return current != null && isRunning() && !current.hasGracefulShutdownStarted();
	}

	/**
	 * Whether the container has started and not stopped.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		SchedulerThread current = this.scheduler;
		Thread waiting = this.waiter;
		return (current != null) ? current.isAlive() : waiting != null && waiting.isAlive();
	}

	/**
	 * Create the lease table if needed, check it and the streams, and start the scheduler
	 * on its own thread. With {@link MissingStreamsPolicy#WAIT} and a missing stream, the
	 * scheduler starts once every stream exists. A failure is kept (see
	 * {@link #getStartupFailure()}) and published.
	 */
	public void start() {
		start(null);
	}

	// retryIn: the wait before the next attempt if this one fails, published with it
	void start(@Nullable Duration retryIn) {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null || this.waiter != null) {
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
				this.lifecycle.containerStartupFailed(this.settings.streamNames(), ex, retryIn);
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
		this.leaseTable.prepare();
		List<String> missing = this.leaseTable.missingStreams();
		if (!missing.isEmpty() && this.settings.streams().missing() == MissingStreamsPolicy.FAIL) {
			throw new StreamNotFoundException(missing.get(0), null);
		}
		ContainerStopSignal signal = new ContainerStopSignal();
		this.stopSignal = signal;
		if (missing.isEmpty()) {
			startScheduler(signal);
		}
		else {
			startWhenStreamsExist(signal, missing);
		}
	}

	private void startWhenStreamsExist(ContainerStopSignal signal, List<String> missing) {
		logger
			.warn(LogMessage.format("Streams %s do not exist yet; %s starts consuming once they do", missing, getId()));
		long intervalMillis = this.settings.streams().missingCheckInterval().toMillis();
		this.waiter = signal.startWhen("kinetic-" + getId() + "-awaiting-streams", () -> {
			while (signal.sleepUnlessStopped(intervalMillis)) {
				if (this.leaseTable.missingStreams().isEmpty()) {
					return true;
				}
			}
			return false;
		}, this.lifecycleMonitor, () -> startScheduler(signal));
	}

	private void startScheduler(ContainerStopSignal signal) {
		StreamTracker streamTracker = this.leaseTable.streamTracker(this.settings.startingAt(this.startedAt));
		SchedulerConfigs configs = KclConfigs.build(this.settings, this.clients, streamTracker,
				new ListenerRecordProcessorFactory(this.bindingsByStream, signal, this.observer,
						this.lifecycle.shards(signal::isStopping, this::holdsLease)));
		this.customizers.forEach((customizer) -> customizer.customize(configs));
		this.leaseTable.createMigrationState(configs.coordinator());
		LeaseTable.StartupClaim claim = this.leaseTable.claimFreeLeases(configs.leaseManagement(), streamTracker);
		if (!claim.hasLeasesToWatch()) {
			runScheduler(configs, claim);
			return;
		}
		this.waiter = signal.startWhen("kinetic-" + getId() + "-lease-claim",
				() -> claim.takeExpired(signal::sleepUnlessStopped), this.lifecycleMonitor,
				() -> runScheduler(configs, claim));
	}

	private void runScheduler(SchedulerConfigs configs, LeaseTable.StartupClaim claim) {
		this.scheduler = SchedulerThread.start(configs, "kinetic-" + this.settings.applicationName());
		logger.info(LogMessage.format("Started consuming %s as %s (worker %s, %s mode, %s, %d leases taken at start)",
				this.settings.streamNames(), this.settings.applicationName(), this.settings.workerId(),
				this.settings.multiStream() ? "multi-stream" : "single-stream", KclConfigs.describeRetrieval(configs),
				claim.taken()));
		this.lifecycle.containerStarted(this.settings.streamNames(), listenerIds());
	}

	/**
	 * Shut the scheduler down gracefully: processors finish the batch in flight and are
	 * told to checkpoint; then the leases this worker held are released so that other
	 * workers can take them at once. Falls back to an immediate shutdown after the
	 * configured timeout.
	 */
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			SchedulerThread current = this.scheduler;
			ContainerStopSignal signal = this.stopSignal;
			if (signal == null) {
				return;
			}
			signal.stop();
			this.lifecycle.wakePausedShards();
			Thread waiting = this.waiter;
			if (waiting != null) {
				SchedulerThread.join(waiting, this.settings.shutdownTimeout());
			}
			this.waiter = null;
			this.stopSignal = null;
			if (current == null) {
				return;
			}
			LeaseTable.HeldLeases held = this.leaseTable.heldLeases(current.scheduler());
			held.handBack(current.shutDown(this.settings.shutdownTimeout(), getId()));
			this.scheduler = null;
			logger.info(LogMessage.format("Stopped consuming as %s", getId()));
			this.lifecycle.containerStopped(this.settings.streamNames(), listenerIds());
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
