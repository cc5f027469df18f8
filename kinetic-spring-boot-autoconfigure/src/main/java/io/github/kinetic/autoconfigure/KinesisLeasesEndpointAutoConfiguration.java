package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint;
import io.github.kinetic.endpoint.KineticEndpointPathMapper;
import io.github.kinetic.endpoint.ResettableKinesisLeasesEndpoint;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.settings.ConsumerSettings;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link KinesisLeasesEndpoint}, served over HTTP at
 * {@code /actuator/kinesis-leases} once exposed with
 * {@code management.endpoints.web.exposure.include=kinesisleases}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = KineticAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, Scheduler.class })
@ConditionalOnBean({ ConsumerSettings.class, KinesisListenerEndpointRegistry.class, KinesisLeases.class })
@ConditionalOnAvailableEndpoint(KinesisLeasesEndpoint.class)
@EnableConfigurationProperties(KineticProperties.class)
public final class KinesisLeasesEndpointAutoConfiguration {

	KinesisLeasesEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(KinesisLeasesEndpoint.class)
	@ConditionalOnBooleanProperty("kinetic.actuator.lease-reset-enabled")
	ResettableKinesisLeasesEndpoint resettableKinesisLeasesEndpoint(ConsumerSettings settings,
			KinesisListenerEndpointRegistry registry, KinesisLeases leases, KineticProperties properties) {
		return new ResettableKinesisLeasesEndpoint(settings, registry,
				leases.withTimeout(properties.getActuator().getTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisLeasesEndpoint kinesisLeasesEndpoint(ConsumerSettings settings, KinesisListenerEndpointRegistry registry,
			KinesisLeases leases, KineticProperties properties) {
		return new KinesisLeasesEndpoint(settings, registry, leases.withTimeout(properties.getActuator().getTimeout()));
	}

	@Bean
	@ConditionalOnMissingBean
	KineticEndpointPathMapper kineticEndpointPathMapper() {
		return new KineticEndpointPathMapper();
	}

}
