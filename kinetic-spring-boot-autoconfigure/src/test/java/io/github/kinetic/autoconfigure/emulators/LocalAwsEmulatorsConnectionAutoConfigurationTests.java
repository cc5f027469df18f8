package io.github.kinetic.autoconfigure.emulators;

import io.github.kinetic.autoconfigure.KineticAwsClientsAutoConfiguration;
import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import io.github.kinetic.test.LocalAwsEmulators;
import io.github.kinetic.test.LocalAwsEmulatorsConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which connection details the emulators bean brings, and when it brings none.
 */
class LocalAwsEmulatorsConnectionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LocalAwsEmulatorsConnectionAutoConfiguration.class,
				KineticAwsClientsAutoConfiguration.class))
		.withPropertyValues("kinetic.region=eu-west-1");

	@Test
	void emulatorsBeanBecomesTheConnectionDetails() {
		this.runner.withUserConfiguration(LocalAwsEmulatorsConfiguration.class).run((context) -> {
			KineticConnectionDetails details = context.getBean(KineticConnectionDetails.class);
			assertThat(details).isInstanceOf(LocalAwsEmulatorsConnectionDetails.class);
			assertThat(details.getRegion()).isEqualTo(LocalAwsEmulators.REGION);
			assertThat(details.getKinesisEndpoint()).isEqualTo(LocalAwsEmulators.shared().kinesisEndpoint());
		});
		// closing the context left the shared emulators running
		assertThat(LocalAwsEmulators.shared().kinesisClient().listStreams().join().streamNames()).isNotNull();
	}

	@Test
	void withoutTheEmulatorsBeanThePropertiesApply() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(LocalAwsEmulatorsConnectionAutoConfiguration.class);
			assertThat(context.getBean(KineticConnectionDetails.class).getRegion()).isEqualTo("eu-west-1");
		});
	}

	@Test
	void withoutTheTestModuleThePropertiesApply() {
		this.runner.withClassLoader(new FilteredClassLoader(LocalAwsEmulators.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(LocalAwsEmulatorsConnectionAutoConfiguration.class);
			assertThat(context.getBean(KineticConnectionDetails.class).getRegion()).isEqualTo("eu-west-1");
		});
	}

	@Test
	void anApplicationsOwnConnectionDetailsWin() {
		KineticConnectionDetails own = new LocalAwsEmulatorsConnectionDetails(LocalAwsEmulators.shared());
		this.runner.withUserConfiguration(LocalAwsEmulatorsConfiguration.class)
			.withBean("ownConnectionDetails", KineticConnectionDetails.class, () -> own)
			.run((context) -> assertThat(context.getBean(KineticConnectionDetails.class)).isSameAs(own));
	}

}
