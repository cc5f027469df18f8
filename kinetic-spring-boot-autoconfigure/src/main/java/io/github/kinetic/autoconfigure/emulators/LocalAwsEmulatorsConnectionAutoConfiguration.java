package io.github.kinetic.autoconfigure.emulators;

import io.github.kinetic.autoconfigure.KineticAwsClientsAutoConfiguration;
import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import io.github.kinetic.test.LocalAwsEmulators;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Connection details for the local emulators of {@code kinetic-spring-boot-test}, when a
 * test declares them as a bean ({@code @EmbeddedKinesis} or
 * {@code LocalAwsEmulatorsConfiguration}): the auto-configured clients then call the
 * emulators, like a Testcontainers {@code @ServiceConnection}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = KineticAwsClientsAutoConfiguration.class)
@ConditionalOnClass(LocalAwsEmulators.class)
@ConditionalOnBean(LocalAwsEmulators.class)
public final class LocalAwsEmulatorsConnectionAutoConfiguration {

	LocalAwsEmulatorsConnectionAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(KineticConnectionDetails.class)
	KineticConnectionDetails localAwsEmulatorsConnectionDetails(LocalAwsEmulators emulators) {
		return new LocalAwsEmulatorsConnectionDetails(emulators);
	}

}
