package io.github.kinetic.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.log.LogMessage;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * Runs one KCL {@link Scheduler} for the application's streams and hands each stream's
 * records to its listener. Created and owned by the
 * {@link KinesisListenerEndpointRegistry}; not a bean.
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

	private final ListenerObserver observer;

	private final Object lifecycleMonitor = new Object();

	private @Nullable Scheduler scheduler;

	private @Nullable Thread schedulerThread;

	private @Nullable ContainerStopSignal stopSignal;

	KinesisListenerContainer(ConsumerSettings settings, KinesisClients clients,
			Map<String, ListenerBinding> bindingsByStream, List<KinesisSchedulerCustomizer> customizers,
			ListenerObserver observer) {
		this.settings = settings;
		this.clients = clients;
		this.bindingsByStream = Map.copyOf(bindingsByStream);
		this.customizers = List.copyOf(customizers);
		this.observer = ListenerObserver.composite(List.of(this.shardProgress, observer));
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
	 * Return the progress of the shards this container's processors hold.
	 * @return the shard progress
	 */
	public ShardProgress getShardProgress() {
		return this.shardProgress;
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
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null || this.schedulerThread != null) {
				return;
			}
			new LeaseTableInitializer(this.clients.dynamoDb()).createIfMissing(this.settings.applicationName(),
					this.settings.leaseTableBillingMode(), this.settings.leaseTableTags());
			checkLeaseTable();
			new StartPositionReset(this.clients.dynamoDb()).applyRequestedResets(this.settings);
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
	}

	private void checkLeaseTable() {
		boolean multiStream = this.settings.multiStream();
		List<KinesisLease> leases = new LeaseTableItems(this.clients.dynamoDb()).leases(this.settings.applicationName(),
				this.settings.streams().get(0).name());
		if (leases.stream().anyMatch((lease) -> lease.isMultiStream() != multiStream)) {
			throw new LeaseTrackingModeMismatchException(this.settings.applicationName(), multiStream);
		}
		List<String> adoptable = this.settings.adoptLegacyLeases() ? streamNames() : List.of();
		List<String> unusable = leases.stream()
			.filter((lease) -> lease.streamIdentifier() != null && !hasAccountId(lease.streamIdentifier()))
			.filter((lease) -> !adoptable.contains(lease.stream()))
			.map(KinesisLease::leaseKey)
			.toList();
		if (!unusable.isEmpty()) {
			throw new LegacyLeaseKeysException(this.settings.applicationName(), unusable);
		}
	}

	private static boolean hasAccountId(String streamIdentifier) {
		return streamIdentifier.matches("\\d{12}:.*");
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
		waiter.setDaemon(true);
		this.schedulerThread = waiter;
		waiter.start();
	}

	private void startScheduler(StreamTrackerFactory streamTrackers, ContainerStopSignal signal) {
		StreamTracker streamTracker = streamTrackers.create(this.settings);
		SchedulerConfigs configs = schedulerConfigs(streamTracker, signal);
		this.customizers.forEach((customizer) -> customizer.customize(configs));
		syncStreamsWithoutLeases(configs, streamTracker);
		Scheduler newScheduler = configs.createScheduler();
		Thread thread = new Thread(newScheduler, "kinetic-" + this.settings.applicationName());
		thread.setDaemon(true);
		this.scheduler = newScheduler;
		this.schedulerThread = thread;
		thread.start();
		logger.info(LogMessage.format("Started consuming %s as %s (worker %s, %s mode)", streamNames(),
				this.settings.applicationName(), this.settings.workerId(),
				this.settings.multiStream() ? "multi-stream" : "single-stream"));
	}

	private void syncStreamsWithoutLeases(SchedulerConfigs configs, StreamTracker streamTracker) {
		try {
			InitialLeaseSync.syncStreamsWithoutLeases(configs.leaseManagement(), streamTracker,
					this.settings.adoptLegacyLeases());
		}
		catch (Exception ex) {
			// KCL's own start-up sync creates the leases then, only later
			logger.warn(LogMessage.format("Could not create the leases of %s before starting; KCL will", streamNames()),
					ex);
		}
	}

	private List<String> streamNames() {
		return this.settings.streams().stream().map(StreamSettings::name).toList();
	}

	private SchedulerConfigs schedulerConfigs(StreamTracker streamTracker, ContainerStopSignal signal) {
		ConfigsBuilder builder = new ConfigsBuilder(streamTracker, this.settings.applicationName(),
				this.clients.kinesis(), this.clients.dynamoDb(), this.clients.cloudWatch(), this.settings.workerId(),
				new ListenerRecordProcessorFactory(this.bindingsByStream, signal, this.observer));
		SchedulerConfigs configs = new SchedulerConfigs(builder.checkpointConfig(), builder.coordinatorConfig(),
				builder.leaseManagementConfig(), builder.lifecycleConfig(), builder.metricsConfig(),
				builder.processorConfig(), builder.retrievalConfig());
		configs.leaseManagement()
			.failoverTimeMillis(this.settings.failoverTime().toMillis())
			.billingMode(this.settings.leaseTableBillingMode())
			.tags(tags());
		PollingConfig polling = this.settings.multiStream() ? new PollingConfig(this.clients.kinesis())
				: new PollingConfig(this.settings.streams().get(0).name(), this.clients.kinesis());
		polling.maxRecords(this.settings.maxRecords())
			.idleTimeBetweenReadsInMillis(this.settings.idleTimeBetweenReads().toMillis());
		configs.retrieval().retrievalSpecificConfig(polling);
		// empty batches carry millisBehindLatest too: keeps the lag of idle shards
		// current
		configs.processor().callProcessRecordsEvenForEmptyRecordList(true);
		if (!this.settings.cloudWatchMetrics()) {
			configs.metrics().metricsFactory(new NullMetricsFactory());
		}
		return configs;
	}

	private List<Tag> tags() {
		List<Tag> tags = new ArrayList<>();
		this.settings.leaseTableTags().forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
		return tags;
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
			if (current == null) {
				// still waiting for missing streams
				awaitSchedulerThread();
				this.schedulerThread = null;
				this.stopSignal = null;
				return;
			}
			long timeoutMillis = this.settings.shutdownTimeout().toMillis();
			LeaseRelease leaseRelease = LeaseRelease.of(current);
			try {
				current.startGracefulShutdown().get(timeoutMillis, TimeUnit.MILLISECONDS);
				leaseRelease.release();
			}
			catch (TimeoutException ex) {
				logger.warn(LogMessage.format("Graceful shutdown of %s took longer than %d ms; shutting down now",
						getId(), timeoutMillis));
				current.shutdown();
			}
			catch (ExecutionException ex) {
				logger.warn(LogMessage.format("Graceful shutdown of %s failed; shutting down now", getId()),
						ex.getCause());
				current.shutdown();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				current.shutdown();
			}
			awaitSchedulerThread();
			new WorkerMetricStatsRemoval(this.clients.dynamoDb()).remove(this.settings.applicationName(),
					this.settings.workerId());
			this.scheduler = null;
			this.schedulerThread = null;
			this.stopSignal = null;
			logger.info(LogMessage.format("Stopped consuming as %s", getId()));
		}
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

}
