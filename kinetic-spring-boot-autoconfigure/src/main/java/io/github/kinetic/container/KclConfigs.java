package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.listener.SchedulerConfigs;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.leases.LeaseManagementConfig.WorkerUtilizationAwareAssignmentConfig;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalSpecificConfig;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * Builds the KCL configs of one container from its {@link ConsumerSettings}, before the
 * user's {@code KinesisSchedulerCustomizer}s see them.
 */
final class KclConfigs {

	private static final int MAX_PREFETCHED_BATCHES = 3;

	/**
	 * How often the scheduler's loop moves shard consumers on. Every lifecycle step of a
	 * shard consumer (initialize, process, shutdown requested, lease lost, removed) waits
	 * for one pass of that loop; KCL's 1 s made a graceful stop take several seconds, or
	 * the whole failover time when the consumers were not gone by then.
	 */
	static final long SHARD_CONSUMER_DISPATCH_INTERVAL_MILLIS = 100;

	/**
	 * Shortest interval between two reports of a worker's metrics: KCL stamps them in
	 * whole seconds and calls a worker dead two intervals after its last report.
	 */
	static final long MIN_WORKER_METRICS_REPORT_MILLIS = 2000;

	private KclConfigs() {
	}

	static SchedulerConfigs build(ConsumerSettings settings, KinesisClients clients, StreamTracker streamTracker,
			ShardRecordProcessorFactory processors) {
		ConfigsBuilder builder = new ConfigsBuilder(streamTracker, settings.applicationName(), clients.kinesis(),
				clients.dynamoDb(), clients.cloudWatch(), settings.workerId(), processors);
		SchedulerConfigs configs = new SchedulerConfigs(builder.checkpointConfig(), builder.coordinatorConfig(),
				builder.leaseManagementConfig(), builder.lifecycleConfig(), builder.metricsConfig(),
				builder.processorConfig(), builder.retrievalConfig());
		configs.coordinator().shardConsumerDispatchPollIntervalMillis(SHARD_CONSUMER_DISPATCH_INTERVAL_MILLIS);
		long failoverMillis = settings.leases().failoverTime().toMillis();
		configs.leaseManagement()
			.failoverTimeMillis(failoverMillis)
			// KCL's leader lock lasts 2 minutes: a killed leader left the fleet without
			// lease assignment, and its shards unconsumed, for that long. The leader is
			// a worker like the others, so it expires and renews as their leases do.
			.dynamoDbLockBasedLeaderLeaseDurationInMillis(failoverMillis)
			// KCL assigns every two failover times: a killed worker's leases, expired
			// after one, waited up to two more for the next pass. One pass per failover
			// time costs the leader one more scan of the table per failover time.
			.leaseAssignmentIntervalMillis(failoverMillis)
			.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(failoverMillis / 3)
			.billingMode(settings.leases().tableBillingMode())
			.tags(tags(settings));
		reportWorkerMetricsWithinFailoverTime(configs.leaseManagement().workerUtilizationAwareAssignmentConfig(),
				failoverMillis);
		configs.retrieval().retrievalSpecificConfig(retrieval(settings, clients));
		// empty batches carry millisBehindLatest too: keeps the lag of idle shards
		// current
		configs.processor().callProcessRecordsEvenForEmptyRecordList(true);
		if (!settings.cloudWatchMetrics()) {
			configs.metrics().metricsFactory(new NullMetricsFactory());
		}
		return configs;
	}

	/**
	 * KCL's lease assignment hands a dead worker's expired leases to a live worker only
	 * once the dead one's worker metrics are older than two reports; until then it may
	 * hand them back to the dead worker. With KCL's report every 30 s, a killed
	 * instance's shards stood still for up to a minute; reporting every half failover
	 * time lets the assignment see the dead worker within about one failover time.
	 * Reports are stamped in whole seconds, so one interval must also cover that rounding
	 * and a late report, or live workers would look dead now and then: hence the floor.
	 * The smoothing of the reported figures (KCL keeps 10 reports and weighs them with an
	 * EMA of 0.5) is scaled to span the same time as KCL's, so that utilization-based
	 * balancing (KCL uses the CPU metric on EC2, ECS and EKS) weighs the same span of
	 * load rather than short peaks.
	 * @param config KCL's worker-utilization-aware assignment config
	 * @param failoverMillis the failover time
	 */
	private static void reportWorkerMetricsWithinFailoverTime(WorkerUtilizationAwareAssignmentConfig config,
			long failoverMillis) {
		long kclReportMillis = config.workerMetricsReporterFreqInMillis();
		long reportMillis = Math.max(failoverMillis / 2, MIN_WORKER_METRICS_REPORT_MILLIS);
		if (reportMillis >= kclReportMillis) {
			return;
		}
		double reportsPerKclReport = (double) kclReportMillis / reportMillis;
		config.workerMetricsReporterFreqInMillis(reportMillis)
			.noOfPersistedMetricsPerWorkerMetrics(
					(int) Math.ceil(config.noOfPersistedMetricsPerWorkerMetrics() * reportsPerKclReport))
			.workerMetricsEMAAlpha(1 - Math.pow(1 - config.workerMetricsEMAAlpha(), 1 / reportsPerKclReport));
	}

	private static RetrievalSpecificConfig retrieval(ConsumerSettings settings, KinesisClients clients) {
		String singleStream = settings.singleStreamName();
		if (settings.reading().mode() == RetrievalMode.FAN_OUT) {
			// KCL describes the consumer, registers it when missing and waits for it to
			// be ACTIVE; so a restart reuses it. In multi-stream mode it does so for each
			// stream, under the same consumer name.
			FanOutConfig fanOut = new FanOutConfig(clients.kinesis()).applicationName(settings.applicationName())
				.consumerName(settings.reading().consumerName());
			return (singleStream != null) ? fanOut.streamName(singleStream) : fanOut;
		}
		PollingConfig polling = (singleStream != null) ? new PollingConfig(singleStream, clients.kinesis())
				: new PollingConfig(clients.kinesis());
		// what a paused shard holds: the batch it waits with, plus at most this many
		// batches (and 8 MiB, 30,000 records) KCL fetched ahead
		polling.maxPendingProcessRecordsInput(MAX_PREFETCHED_BATCHES);
		polling.maxRecords(settings.reading().maxRecords())
			.idleTimeBetweenReadsInMillis(settings.reading().idleTimeBetweenReads().toMillis());
		return polling;
	}

	/**
	 * Describe what reads the shards, for the log: taken from the configs KCL is given,
	 * after the customizers, rather than from the settings.
	 * @param configs the configs the scheduler is built with
	 * @return {@code polling} or {@code enhanced fan-out as consumer <name>}
	 */
	static String describeRetrieval(SchedulerConfigs configs) {
		RetrievalSpecificConfig retrieval = configs.retrieval().retrievalSpecificConfig();
		if (retrieval instanceof FanOutConfig fanOut) {
			String consumer = (fanOut.consumerName() != null) ? fanOut.consumerName() : fanOut.applicationName();
			return "enhanced fan-out as consumer " + consumer;
		}
		if (retrieval instanceof PollingConfig) {
			return "polling";
		}
		return "retrieval " + ((retrieval != null) ? retrieval.getClass().getSimpleName() : "default");
	}

	private static List<Tag> tags(ConsumerSettings settings) {
		List<Tag> tags = new ArrayList<>();
		settings.leases().tableTags().forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
		return tags;
	}

}
