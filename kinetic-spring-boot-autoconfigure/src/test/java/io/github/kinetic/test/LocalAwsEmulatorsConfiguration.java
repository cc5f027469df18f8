package io.github.kinetic.test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points an application at the JVM's {@link LocalAwsEmulators#shared() shared emulators},
 * starting them if needed, through {@link LocalAwsEmulatorsConnectionDetails}: no
 * {@code kinetic.*} endpoint, region or credentials property is needed.
 *
 * <pre>
 * SpringApplication.from(MyApplication::main).with(LocalAwsEmulatorsConfiguration.class).run(args);
 * </pre>
 *
 * or {@code @Import(LocalAwsEmulatorsConfiguration.class)} on a {@code @SpringBootTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocalAwsEmulatorsConfiguration {

	@Bean
	LocalAwsEmulatorsConnectionDetails localAwsEmulatorsConnectionDetails() {
		return new LocalAwsEmulatorsConnectionDetails(LocalAwsEmulators.shared());
	}

}
