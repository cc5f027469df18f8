package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint;
import io.github.kinetic.endpoint.KineticEndpointPathMapper;
import io.github.kinetic.endpoint.ResettableKinesisLeasesEndpoint;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.settings.ConsumerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisLeasesEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class,
				KineticAutoConfiguration.class, KinesisLeasesEndpointAutoConfiguration.class))
		.withPropertyValues("kinetic.region=us-east-1", "kinetic.creds.access-key-id=id",
				"kinetic.creds.secret-access-key=secret", "kinetic.application-name=app",
				"kinetic.streams[0].name=orders");

	@Test
	void providesNoEndpointUnlessItIsExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(KinesisLeasesEndpoint.class));
	}

	@Test
	void providesAReadOnlyEndpointWhenItIsExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kinesisleases")
			.run((context) -> assertThat(context).hasSingleBean(KinesisLeasesEndpoint.class)
				.hasSingleBean(KinesisLeases.class)
				.doesNotHaveBean(ResettableKinesisLeasesEndpoint.class));
	}

	@Test
	void offersTheResetOperationOnlyWhenEnabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=kinesisleases",
					"kinetic.actuator.lease-reset-enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(KinesisLeasesEndpoint.class)
				.getBean(KinesisLeasesEndpoint.class)
				.isInstanceOf(ResettableKinesisLeasesEndpoint.class));
	}

	@Test
	void servesTheEndpointAtKinesisLeases() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=kinesisleases")
			.run((context) -> {
				KineticEndpointPathMapper mapper = context.getBean(KineticEndpointPathMapper.class);
				assertThat(mapper.getRootPath(EndpointId.of("kinesisleases"))).isEqualTo("kinesis-leases");
				assertThat(mapper.getRootPath(EndpointId.of("health"))).isNull();
			});
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=kinesisleases")
			.run((context) -> assertThat(context).doesNotHaveBean(KinesisLeasesEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withUserConfiguration(UserEndpointConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=kinesisleases",
					"kinetic.actuator.lease-reset-enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(KinesisLeasesEndpoint.class).hasBean("userEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		KinesisLeasesEndpoint userEndpoint(ConsumerSettings settings, KinesisListenerEndpointRegistry registry,
				KinesisLeases leases) {
			return new KinesisLeasesEndpoint(settings, registry, leases);
		}

	}

}
