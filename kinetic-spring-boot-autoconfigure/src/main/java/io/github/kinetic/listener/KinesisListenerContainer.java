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
import org.springframework.util.backoff.BackOff;
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

	private final Map<String, ListenerMethodInvoker> invokersByStream;

	private final BackOff backOff;

	private final List<KinesisSchedulerCustomizer> customizers;

	private final ShardProgress shardProgress = new ShardProgress();

	private final ListenerObserver observer;

	private final Object lifecycleMonitor = new Object();

	private @Nullable Scheduler scheduler;

	private @Nullable Thread schedulerThread;

	private @Nullable ContainerStopSignal stopSignal;

	KinesisListenerContainer(ConsumerSettings settings, KinesisClients clients,
			Map<String, ListenerMethodInvoker> invokersByStream, BackOff backOff,
			List<KinesisSchedulerCustomizer> customizers, ListenerObserver observer) {
		this.settings = settings;
		this.clients = clients;
		this.invokersByStream = Map.copyOf(invokersByStream);
		this.backOff = backOff;
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
	 * Create the lease table if needed, check the streams and start the scheduler on its
	 * own thread.
	 */
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null) {
				return;
			}
			new LeaseTableInitializer(this.clients.dynamoDb()).createIfMissing(this.settings.applicationName(),
					this.settings.leaseTableBillingMode(), this.settings.leaseTableTags());
			StreamTracker streamTracker = new StreamTrackerFactory(this.clients.kinesis()).create(this.settings);
			ContainerStopSignal signal = new ContainerStopSignal();
			SchedulerConfigs configs = schedulerConfigs(streamTracker, signal);
			this.customizers.forEach((customizer) -> customizer.customize(configs));
			syncStreamsWithoutLeases(configs, streamTracker);
			Scheduler newScheduler = configs.createScheduler();
			Thread thread = new Thread(newScheduler, "kinetic-" + this.settings.applicationName());
			thread.setDaemon(true);
			this.stopSignal = signal;
			this.scheduler = newScheduler;
			this.schedulerThread = thread;
			thread.start();
			logger.info(LogMessage.format("Started consuming %s as %s (worker %s, %s mode)", streamNames(),
					this.settings.applicationName(), this.settings.workerId(),
					this.settings.multiStream() ? "multi-stream" : "single-stream"));
		}
	}

	private void syncStreamsWithoutLeases(SchedulerConfigs configs, StreamTracker streamTracker) {
		try {
			InitialLeaseSync.syncStreamsWithoutLeases(configs.leaseManagement(), streamTracker);
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
				new ListenerRecordProcessorFactory(this.invokersByStream, this.backOff, signal, this.observer));
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
	 * Shut the scheduler down gracefully: processors finish the batch in flight, are told
	 * to checkpoint, and release their leases. Falls back to an immediate shutdown after
	 * the configured timeout.
	 */
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Scheduler current = this.scheduler;
			ContainerStopSignal signal = this.stopSignal;
			if (current == null || signal == null) {
				return;
			}
			signal.stop();
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
