package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.ControllableKinesisListenersEndpoint;
import io.github.kinetic.endpoint.KinesisListenersEndpoint;
import io.github.kinetic.endpoint.KineticEndpointPathMapper;
import io.github.kinetic.settings.ConsumerSettings;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

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

	private static final String LISTENER_CONTROL = "kinetic.actuator.listener-control-enabled";

	private static final String BLOCKED_RECORD_SKIP = "kinetic.actuator.blocked-record-skip-enabled";

	KinesisListenersEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(KinesisListenersEndpoint.class)
	@Conditional(WriteOperationEnabledCondition.class)
	ControllableKinesisListenersEndpoint controllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry,
			Environment environment) {
		return new ControllableKinesisListenersEndpoint(registry,
				environment.getProperty(LISTENER_CONTROL, Boolean.class, false),
				environment.getProperty(BLOCKED_RECORD_SKIP, Boolean.class, false));
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenersEndpoint kinesisListenersEndpoint(KinesisListenerEndpointRegistry registry) {
		return new KinesisListenersEndpoint(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	KineticEndpointPathMapper kineticEndpointPathMapper() {
		return new KineticEndpointPathMapper();
	}

	/**
	 * Matches when either write operation of the endpoint is enabled.
	 */
	static final class WriteOperationEnabledCondition extends AnyNestedCondition {

		WriteOperationEnabledCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(LISTENER_CONTROL)
		static final class ListenerControlEnabled {

		}

		@ConditionalOnBooleanProperty(BLOCKED_RECORD_SKIP)
		static final class BlockedRecordSkipEnabled {

		}

	}

}
