package io.github.kinetic.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Spring Boot applications against the shared emulators, with the short lease
 * timings that keep end-to-end tests quick.
 */
public final class KineticTestApplications {

	private KineticTestApplications() {
	}

	/**
	 * Return a name no other test uses, for a stream or an application.
	 * @param prefix a readable prefix
	 * @return the unique name
	 */
	public static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Return the properties every end-to-end application gets.
	 * @return the base properties
	 */
	public static Map<String, Object> baseProperties() {
		Map<String, Object> properties = new LinkedHashMap<>(LocalAwsEmulators.shared().kineticProperties());
		properties.putAll(timingProperties());
		return properties;
	}

	/**
	 * Return the short lease, polling and shutdown timings of end-to-end applications,
	 * for those that get their connection from {@link LocalAwsEmulatorsConfiguration}.
	 * @return the timing properties
	 */
	public static Map<String, Object> timingProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("kinetic.lease.failover-time", "2s");
		properties.put("kinetic.polling.idle-time-between-reads", "200ms");
		properties.put("kinetic.shutdown-timeout", "20s");
		return properties;
	}

	/**
	 * Run an application on the starter's own timings (failover time, polling, shutdown),
	 * as a user who tunes nothing would.
	 * @param configuration the configuration class
	 * @param properties properties on top of the emulators' connection
	 * @return the running context
	 */
	public static ConfigurableApplicationContext runOnDefaults(Class<?> configuration, Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(LocalAwsEmulators.shared().kineticProperties());
		all.putAll(properties);
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE).properties(all).build().run();
	}

	/**
	 * Run an application.
	 * @param configuration the configuration class
	 * @param properties properties on top of {@link #baseProperties()}
	 * @return the running context
	 */
	public static ConfigurableApplicationContext run(Class<?> configuration, Map<String, Object> properties) {
		Map<String, Object> all = baseProperties();
		all.putAll(properties);
		SpringApplication application = new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties(all)
			.build();
		return application.run();
	}

}
