package io.github.kinetic.lease;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.StreamSettings;
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
import software.amazon.kinesis.coordinator.CoordinatorConfig.ClientVersionConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MigrationStateCreation}, against the emulators and real KCL
 * schedulers.
 */
class MigrationStateCreationTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final int SCHEDULERS = 4;

	@Test
	void letsSchedulersStartingTogetherOnANewLeaseTableAllInitialize() throws Exception {
		String stream = KineticTestApplications.uniqueName("migration");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(application, BillingMode.PAY_PER_REQUEST, Map.of());
		ConfigsBuilder first = configs(stream, application, "worker-0");
		ConsumerSettings settings = new ConsumerSettings(application, "worker-0",
				new ConsumerSettings.Streams(List.of(new StreamSettings(stream,
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON))),
						false),
				new ConsumerSettings.Leases(Duration.ofSeconds(10)),
				ConsumerSettings.Reading.polling(100, Duration.ofSeconds(1), application), Duration.ofSeconds(20),
				false);
		LeaseTable leaseTable = new LeaseTable(
				new KinesisClients(aws.kinesis(), aws.dynamoDb(), first.cloudWatchClient()), settings);
		leaseTable.createMigrationState(first.coordinatorConfig());
		// as the starter does: a scheduler that finds no leases waits up to 30 s first
		leaseTable.claimFreeLeases(first.leaseManagementConfig(), first.streamTracker());
		assertThat(migrationState(application)).containsEntry("cv", AttributeValue.fromS("CLIENT_VERSION_3X"))
			.containsEntry("mb", AttributeValue.fromS("worker-0"));

		Map<String, String> outcomes = startTogether(stream, application);
		assertThat(outcomes).as("initialization of %d schedulers started at once", SCHEDULERS)
			.hasSize(SCHEDULERS)
			.allSatisfy((worker, outcome) -> assertThat(outcome).isEqualTo("STARTED"));
		assertThat(migrationState(application)).containsEntry("mb", AttributeValue.fromS("worker-0"));
	}

	@Test
	void leavesAnExistingMigrationStateAsItIs() {
		String application = KineticTestApplications.uniqueName("app");
		new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(application, BillingMode.PAY_PER_REQUEST, Map.of());
		MigrationStateCreation creation = new MigrationStateCreation(aws.dynamoDb());
		CoordinatorConfig coordinator = configs("any", application, "worker-a").coordinatorConfig();
		assertThat(creation.createIfAbsent(application, coordinator, "worker-a")).isTrue();
		assertThat(creation.createIfAbsent(application, coordinator, "worker-b")).isFalse();
		assertThat(migrationState(application)).containsEntry("mb", AttributeValue.fromS("worker-a"));
	}

	@Test
	void leavesTheMigrationStateToKclWhenUpgradingFromKcl2() {
		String application = KineticTestApplications.uniqueName("app");
		new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(application, BillingMode.PAY_PER_REQUEST, Map.of());
		CoordinatorConfig coordinator = configs("any", application, "worker-a").coordinatorConfig()
			.clientVersionConfig(ClientVersionConfig.CLIENT_VERSION_CONFIG_COMPATIBLE_WITH_2X);
		assertThat(new MigrationStateCreation(aws.dynamoDb()).createIfAbsent(application, coordinator, "worker-a"))
			.isFalse();
		assertThat(migrationState(application)).isEmpty();
	}

	private static Map<String, String> startTogether(String stream, String application) throws InterruptedException {
		Map<String, String> outcomes = new ConcurrentHashMap<>();
		CountDownLatch go = new CountDownLatch(1);
		List<Scheduler> schedulers = IntStream.rangeClosed(1, SCHEDULERS).mapToObj((i) -> {
			String worker = "worker-" + i;
			ConfigsBuilder configs = configs(stream, application, worker);
			CoordinatorConfig coordinator = configs.coordinatorConfig()
				.maxInitializationAttempts(3)
				.workerStateChangeListener(new WorkerStateChangeListener() {

					@Override
					public void onWorkerStateChange(WorkerState newState) {
						if (newState == WorkerState.STARTED) {
							outcomes.put(worker, "STARTED");
						}
					}

					@Override
					public void onAllInitializationAttemptsFailed(Throwable ex) {
						outcomes.put(worker, "failed: " + ex);
					}

				});
			return new Scheduler(configs.checkpointConfig(), coordinator, configs.leaseManagementConfig(),
					configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
					configs.processorConfig(),
					configs.retrievalConfig().retrievalSpecificConfig(new PollingConfig(stream, aws.kinesis())));
		}).toList();
		for (Scheduler scheduler : schedulers) {
			Thread thread = new Thread(() -> {
				try {
					go.await();
					scheduler.run();
				}
				catch (Exception ex) {
					Thread.currentThread().interrupt();
				}
			}, "migration-test-scheduler");
			thread.setDaemon(true);
			thread.start();
		}
		go.countDown();
		try {
			await().atMost(Duration.ofMinutes(2)).until(() -> outcomes.size() == SCHEDULERS);
			return Map.copyOf(outcomes);
		}
		finally {
			schedulers.forEach(Scheduler::shutdown);
		}
	}

	private static ConfigsBuilder configs(String stream, String application, String worker) {
		CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.region(Region.of(LocalAwsEmulators.REGION))
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build();
		return new ConfigsBuilder(
				new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
				application, aws.kinesis(), aws.dynamoDb(), cloudWatch, worker, NoOpProcessor::new);
	}

	private static Map<String, AttributeValue> migrationState(String application) {
		return aws.dynamoDb()
			.getItem((request) -> request.tableName(application)
				.key(Map.of("leaseKey", AttributeValue.fromS("Migration3.0")))
				.consistentRead(true))
			.join()
			.item();
	}

	static class NoOpProcessor implements ShardRecordProcessor {

		@Override
		public void initialize(InitializationInput initializationInput) {
		}

		@Override
		public void processRecords(ProcessRecordsInput processRecordsInput) {
		}

		@Override
		public void leaseLost(LeaseLostInput leaseLostInput) {
		}

		@Override
		public void shardEnded(ShardEndedInput shardEndedInput) {
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput shutdownRequestedInput) {
		}

	}

}
