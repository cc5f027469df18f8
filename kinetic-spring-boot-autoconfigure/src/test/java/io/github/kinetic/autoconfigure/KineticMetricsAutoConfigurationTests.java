package io.github.kinetic.autoconfigure;

import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.SchedulerConfigs;
import io.github.kinetic.metrics.KinesisLeaseMetrics;
import io.github.kinetic.metrics.MicrometerListenerObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.metrics.MetricsFactory;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class KineticMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class,
				KineticAutoConfiguration.class, KineticMetricsAutoConfiguration.class))
		.withPropertyValues("kinetic.region=us-east-1", "kinetic.creds.access-key-id=id",
				"kinetic.creds.secret-access-key=secret", "kinetic.application-name=app",
				"kinetic.streams[0].name=orders");

	@Test
	void recordsKclMetricsWithMicrometerAtTheConfiguredLevel() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("kinetic.metrics.level=detailed")
			.run((context) -> {
				MetricsFactory metricsFactory = customizedConfigs(context).metrics().metricsFactory();
				MetricsScope scope = metricsFactory.createMetrics();
				scope.addData("KinesisDataFetcher.getRecords.Time", 3, StandardUnit.MILLISECONDS,
						MetricsLevel.DETAILED);
				scope.end();
				assertThat(context.getBean(MeterRegistry.class)
					.get("kcl.kinesis.data.fetcher.get.records.time")
					.tag("application", "app")
					.tag("stream", "orders")
					.timer()
					.count()).isOne();
			});
	}

	@Test
	void recordsKclMetricsAtSummaryLevelByDefault() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			MetricsScope scope = customizedConfigs(context).metrics().metricsFactory().createMetrics();
			scope.addData("KinesisDataFetcher.getRecords.Time", 3, StandardUnit.MILLISECONDS, MetricsLevel.DETAILED);
			scope.addData("RecordsProcessed", 3, StandardUnit.COUNT, MetricsLevel.SUMMARY);
			scope.end();
			assertThat(context.getBean(MeterRegistry.class).getMeters()).extracting((meter) -> meter.getId().getName())
				.containsExactly("kcl.records.processed");
		});
	}

	@Test
	void providesListenerAndLeaseMetricsWithAMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerListenerObserver.class)
				.hasSingleBean(KinesisLeaseMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MicrometerListenerObserver.class)
				.doesNotHaveBean(KinesisLeaseMetrics.class)
				.doesNotHaveBean("kineticMicrometerKclMetricsCustomizer");
			assertThat(context.getBeansOfType(KinesisSchedulerCustomizer.class)).isEmpty();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MicrometerListenerObserver.class)
				.doesNotHaveBean("kineticMicrometerKclMetricsCustomizer"));
	}

	@Test
	void leavesKclMetricsToCloudWatchAtTheConfiguredLevelWhenEnabled() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("kinetic.metrics.cloudwatch-enabled=true", "kinetic.metrics.level=detailed")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("kineticMicrometerKclMetricsCustomizer")
					.hasBean("kineticCloudWatchMetricsLevelCustomizer")
					.hasSingleBean(MicrometerListenerObserver.class);
				assertThat(customizedConfigs(context).metrics().metricsLevel()).isEqualTo(MetricsLevel.DETAILED);
			});
	}

	private static SchedulerConfigs customizedConfigs(AssertableApplicationContext context) {
		ConfigsBuilder builder = new ConfigsBuilder("orders", "app", context.getBean(KinesisAsyncClient.class),
				context.getBean(DynamoDbAsyncClient.class), context.getBean(CloudWatchAsyncClient.class), "worker",
				() -> null);
		SchedulerConfigs configs = new SchedulerConfigs(builder.checkpointConfig(), builder.coordinatorConfig(),
				builder.leaseManagementConfig(), builder.lifecycleConfig(), builder.metricsConfig(),
				builder.processorConfig(), builder.retrievalConfig());
		context.getBeanProvider(KinesisSchedulerCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(configs));
		return configs;
	}

}
