package io.github.kinetic.autoconfigure;

import io.github.kinetic.health.KinesisHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class,
				KineticAutoConfiguration.class, KinesisHealthContributorAutoConfiguration.class))
		.withPropertyValues("kinetic.region=us-east-1", "kinetic.creds.access-key-id=id",
				"kinetic.creds.secret-access-key=secret", "kinetic.application-name=app",
				"kinetic.streams[0].name=orders");

	@Test
	void providesTheKinesisHealthIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(KinesisHealthIndicator.class).hasBean("kinesisHealthIndicator");
			// no @KinesisListener, no container: nothing to check
			Health health = context.getBean(KinesisHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("reason");
		});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.kinesis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KinesisHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KinesisHealthIndicator.class));
	}

	@Test
	void backsOffFromAUserDefinedKinesisHealthIndicator() {
		this.contextRunner.withUserConfiguration(UserHealthConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(KinesisHealthIndicator.class)
				.hasBean("kinesisHealthIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthConfiguration {

		@Bean
		HealthIndicator kinesisHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
