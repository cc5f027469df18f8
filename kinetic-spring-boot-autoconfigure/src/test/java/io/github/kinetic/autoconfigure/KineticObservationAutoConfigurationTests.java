package io.github.kinetic.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.observation.KinesisListenerObservationContext;
import io.github.kinetic.observation.ListenerCall;
import io.github.kinetic.observation.ListenerCallScope;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the listener observation part of {@link KineticAutoConfiguration}.
 */
class KineticObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class, KineticAutoConfiguration.class))
		.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
				"kinetic.region=us-east-1", "kinetic.endpoint=http://127.0.0.1:9",
				"kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t")
		.withBean(ObservationRegistry.class, ObservationRegistry::create);

	@Test
	void observesNothingByDefault() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerCallScope.class));
	}

	@Test
	void observesListenerCallsWhenEnabled() {
		this.contextRunner.withPropertyValues("kinetic.listener.observation-enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			List<Observation.Context> observed = new ArrayList<>();
			context.getBean(ObservationRegistry.class)
				.observationConfig()
				.observationHandler(new ObservationHandler<>() {

					@Override
					public void onStart(Observation.Context observation) {
						observed.add(observation);
					}

					@Override
					public boolean supportsContext(Observation.Context observation) {
						return true;
					}

				});
			context.getBean(ListenerCallScope.class)
				.run(new ListenerCall("orders-listener", "hubble", "orders", "shardId-000000000000", "1", 1), () -> {
				});
			assertThat(observed).singleElement().isInstanceOf(KinesisListenerObservationContext.class);
		});
	}

	@Test
	void startsWithoutMicrometerOnTheClasspathWhenEnabled() {
		this.contextRunner.withPropertyValues("kinetic.listener.observation-enabled=true")
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerCallScope.class));
	}

}
