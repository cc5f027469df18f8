package io.github.kinetic.test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points an application at the JVM's {@link LocalAwsEmulators#shared() shared emulators},
 * starting them if needed: kinetic's auto-configuration turns the emulators bean into its
 * connection details, so no {@code kinetic.*} endpoint, region or credentials property is
 * needed.
 *
 * <pre>
 * SpringApplication.from(MyApplication::main).with(LocalAwsEmulatorsConfiguration.class).run(args);
 * </pre>
 *
 * or {@code @Import(LocalAwsEmulatorsConfiguration.class)} on a {@code @SpringBootTest};
 * {@link EmbeddedKinesis @EmbeddedKinesis} does the same and creates streams.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocalAwsEmulatorsConfiguration {

	// the emulators outlive every context of the JVM: closing one must not stop them
	@Bean(destroyMethod = "")
	LocalAwsEmulators localAwsEmulators() {
		return LocalAwsEmulators.shared();
	}

}
