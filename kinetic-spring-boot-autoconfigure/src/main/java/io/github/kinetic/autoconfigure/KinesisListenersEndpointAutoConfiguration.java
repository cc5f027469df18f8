package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.ConsumerSettings;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.ControllableKinesisListenersEndpoint;
import io.github.kinetic.endpoint.KinesisListenersEndpoint;
import io.github.kinetic.endpoint.KinesisListenersEndpointPathMapper;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link KinesisListenersEndpoint}, served over HTTP at
 * {@code /actuator/kinesis-listeners} once exposed with
 * {@code management.endpoints.web.exposure.include=kinesislisteners}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = KineticAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, Scheduler.class })
@ConditionalOnBean({ ConsumerSettings.class, KinesisListenerEndpointRegistry.class })
@ConditionalOnAvailableEndpoint(KinesisListenersEndpoint.class)
public final class KinesisListenersEndpointAutoConfiguration {

	KinesisListenersEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(KinesisListenersEndpoint.class)
	@ConditionalOnBooleanProperty("kinetic.actuator.listener-control-enabled")
	ControllableKinesisListenersEndpoint controllableKinesisListenersEndpoint(
			KinesisListenerEndpointRegistry registry) {
		return new ControllableKinesisListenersEndpoint(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenersEndpoint kinesisListenersEndpoint(KinesisListenerEndpointRegistry registry) {
		return new KinesisListenersEndpoint(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenersEndpointPathMapper kinesisListenersEndpointPathMapper() {
		return new KinesisListenersEndpointPathMapper();
	}

}
