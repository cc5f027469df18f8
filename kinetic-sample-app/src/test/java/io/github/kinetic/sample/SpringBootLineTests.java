package io.github.kinetic.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample's tests also run in {@code kinetic-sample-app/boot-4.0} on the Boot 4.0
 * line; this proves that they really ran on the version that build asks for, not on the
 * one the starter was built with.
 */
class SpringBootLineTests {

	@Test
	void runsOnTheSpringBootVersionTheBuildAsksFor() {
		String expected = System.getProperty("sample.expected-spring-boot-version");
		assumeTrue(expected != null, "only the boot-4.0 build names a version");
		assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
	}

}
