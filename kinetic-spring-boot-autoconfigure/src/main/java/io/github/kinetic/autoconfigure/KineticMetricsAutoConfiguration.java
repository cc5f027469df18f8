package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.KinesisListenerHandle;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.metrics.KclMetricsFactories;
import io.github.kinetic.metrics.KinesisLeaseMetrics;
import io.github.kinetic.metrics.MicrometerListenerObserver;
import io.github.kinetic.settings.ConsumerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.StreamTracker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of metrics: listener and lease meters, and KCL's own metrics
 * recorded with Micrometer at {@code kinetic.metrics.level}, unless
 * {@code kinetic.metrics.cloudwatch-enabled} has KCL publish them to CloudWatch instead.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = KineticAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(Scheduler.class)
@ConditionalOnBean(ConsumerSettings.class)
@EnableConfigurationProperties(KineticProperties.class)
public final class KineticMetricsAutoConfiguration {

	KineticMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "kineticCloudWatchMetricsLevelCustomizer")
	@ConditionalOnBooleanProperty("kinetic.metrics.cloudwatch-enabled")
	KinesisSchedulerCustomizer kineticCloudWatchMetricsLevelCustomizer(KineticProperties properties) {
		MetricsLevel level = properties.getMetrics().getLevel();
		return (configs) -> configs.metrics().metricsLevel(level);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MicrometerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerListenerObserver kineticListenerMetrics(MeterRegistry meterRegistry, ConsumerSettings settings,
				ObjectProvider<KinesisListenerEndpointRegistry> registry) {
			// the registry is looked up late: it is built from the container factory,
			// which takes this observer
			return new MicrometerListenerObserver(meterRegistry, (listenerId) -> {
				KinesisListenerEndpointRegistry listeners = registry.getIfAvailable();
				KinesisListenerHandle listener = (listeners != null) ? listeners.getListener(listenerId) : null;
				return (listener != null) ? listener.getApplicationName() : settings.applicationName();
			});
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(KinesisListenerEndpointRegistry.class)
		KinesisLeaseMetrics kinesisLeaseMetrics(ConsumerSettings settings, KinesisListenerEndpointRegistry registry) {
			return new KinesisLeaseMetrics(settings, registry);
		}

		@Bean
		@ConditionalOnMissingBean(name = "kineticMicrometerKclMetricsCustomizer")
		@ConditionalOnBooleanProperty(name = "kinetic.metrics.cloudwatch-enabled", havingValue = false,
				matchIfMissing = true)
		KinesisSchedulerCustomizer kineticMicrometerKclMetricsCustomizer(MeterRegistry meterRegistry,
				KineticProperties properties) {
			MetricsLevel level = properties.getMetrics().getLevel();
			KclMetricsFactories metrics = new KclMetricsFactories(meterRegistry, level);
			// one factory per scheduler: each consumer group tags its own application
			// name and, in single-stream mode, its own stream; all share their gauges
			return (configs) -> {
				StreamTracker streams = configs.retrieval().streamTracker();
				String singleStream = streams.isMultiStream() ? null
						: streams.streamConfigList().get(0).streamIdentifier().streamName();
				configs.metrics()
					.metricsFactory(metrics.forScheduler(configs.coordinator().applicationName(), singleStream));
			};
		}

	}

}
