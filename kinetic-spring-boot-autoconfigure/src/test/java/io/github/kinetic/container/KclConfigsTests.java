package io.github.kinetic.container;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.SchedulerConfigs;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.StreamSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.leases.LeaseManagementConfig.WorkerUtilizationAwareAssignmentConfig;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link KclConfigs}. The clients point at a closed port; nothing here sends a
 * request.
 */
class KclConfigsTests {

	private final KinesisClients clients = clients();

	@AfterEach
	void closeClients() {
		this.clients.kinesis().close();
		this.clients.dynamoDb().close();
		this.clients.cloudWatch().close();
	}

	@Test
	void pollsByDefault() {
		SchedulerConfigs configs = build(settings(RetrievalMode.POLLING, "orders-app"));
		assertThat(configs.retrieval().retrievalSpecificConfig()).isInstanceOfSatisfying(PollingConfig.class,
				(polling) -> {
					assertThat(polling.streamName()).isEqualTo("orders");
					assertThat(polling.maxRecords()).isEqualTo(250);
				});
		assertThat(KclConfigs.describeRetrieval(configs)).isEqualTo("polling");
	}

	@Test
	void readsByFanOutAsTheNamedConsumerWithTheContainersKinesisClient() {
		SchedulerConfigs configs = build(settings(RetrievalMode.FAN_OUT, "orders-reader"));
		assertThat(configs.retrieval().retrievalSpecificConfig()).isInstanceOfSatisfying(FanOutConfig.class,
				(fanOut) -> {
					assertThat(fanOut.streamName()).isEqualTo("orders");
					assertThat(fanOut.consumerName()).isEqualTo("orders-reader");
					assertThat(fanOut.applicationName()).isEqualTo("orders-app");
					assertThat(fanOut.consumerArn()).isNull();
					assertThat(fanOut.kinesisClient()).isSameAs(this.clients.kinesis());
				});
		assertThat(KclConfigs.describeRetrieval(configs)).isEqualTo("enhanced fan-out as consumer orders-reader");
	}

	@Test
	void leaderLockAndLeaseAssignmentFollowTheFailoverTime() {
		LeaseManagementConfig leases = build(settings(RetrievalMode.POLLING, "orders-app", Duration.ofSeconds(6)))
			.leaseManagement();
		assertThat(leases.failoverTimeMillis()).isEqualTo(6_000);
		assertThat(leases.leaseAssignmentIntervalMillis()).isEqualTo(6_000);
		assertThat(leases.dynamoDbLockBasedLeaderLeaseDurationInMillis()).isEqualTo(6_000);
		assertThat(leases.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis()).isEqualTo(2_000);
	}

	@Test
	void reportsWorkerMetricsEveryHalfFailoverTimeWithKclsSmoothingOverTime() {
		WorkerUtilizationAwareAssignmentConfig metrics = build(settings(RetrievalMode.POLLING, "orders-app"))
			.leaseManagement()
			.workerUtilizationAwareAssignmentConfig();
		assertThat(metrics.workerMetricsReporterFreqInMillis()).isEqualTo(5_000);
		// KCL: 10 reports 30 s apart, EMA 0.5 per report
		assertThat(metrics.noOfPersistedMetricsPerWorkerMetrics()).isEqualTo(60);
		assertThat(Math.pow(1 - metrics.workerMetricsEMAAlpha(), 6)).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void reportsWorkerMetricsNoMoreOftenThanEveryTwoSeconds() {
		WorkerUtilizationAwareAssignmentConfig metrics = build(
				settings(RetrievalMode.POLLING, "orders-app", Duration.ofSeconds(2)))
			.leaseManagement()
			.workerUtilizationAwareAssignmentConfig();
		assertThat(metrics.workerMetricsReporterFreqInMillis()).isEqualTo(KclConfigs.MIN_WORKER_METRICS_REPORT_MILLIS);
		assertThat(metrics.noOfPersistedMetricsPerWorkerMetrics()).isEqualTo(150);
	}

	@Test
	void keepsKclsWorkerMetricsReportsWhenTheFailoverTimeIsLong() {
		WorkerUtilizationAwareAssignmentConfig metrics = build(
				settings(RetrievalMode.POLLING, "orders-app", Duration.ofMinutes(2)))
			.leaseManagement()
			.workerUtilizationAwareAssignmentConfig();
		assertThat(metrics.workerMetricsReporterFreqInMillis()).isEqualTo(30_000);
		assertThat(metrics.noOfPersistedMetricsPerWorkerMetrics()).isEqualTo(10);
		assertThat(metrics.workerMetricsEMAAlpha()).isEqualTo(0.5);
	}

	private SchedulerConfigs build(ConsumerSettings settings) {
		return KclConfigs.build(settings, this.clients, new SingleStreamTracker("orders"), () -> null);
	}

	private static ConsumerSettings settings(RetrievalMode mode, String consumerName) {
		return settings(mode, consumerName, Duration.ofSeconds(10));
	}

	private static ConsumerSettings settings(RetrievalMode mode, String consumerName, Duration failoverTime) {
		return new ConsumerSettings("orders-app", "worker-1",
				new ConsumerSettings.Streams(
						List.of(new StreamSettings("orders",
								InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST))),
						false),
				new ConsumerSettings.Leases(failoverTime, false, BillingMode.PAY_PER_REQUEST, Map.of()),
				new ConsumerSettings.Reading(mode, 250, Duration.ofSeconds(1), consumerName), Duration.ofSeconds(20),
				false);
	}

	private static KinesisClients clients() {
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s3cr3t"));
		URI closed = URI.create("http://127.0.0.1:9");
		return new KinesisClients(
				KinesisAsyncClient.builder()
					.region(Region.US_EAST_1)
					.credentialsProvider(credentials)
					.endpointOverride(closed)
					.build(),
				DynamoDbAsyncClient.builder()
					.region(Region.US_EAST_1)
					.credentialsProvider(credentials)
					.endpointOverride(closed)
					.build(),
				CloudWatchAsyncClient.builder()
					.region(Region.US_EAST_1)
					.credentialsProvider(credentials)
					.endpointOverride(closed)
					.build());
	}

}
