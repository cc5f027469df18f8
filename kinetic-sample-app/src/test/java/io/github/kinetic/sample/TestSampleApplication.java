package io.github.kinetic.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.LocalAwsEmulators;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@link SampleApplication} with no AWS account: starts the local Kinesis and
 * DynamoDB emulators, creates the two streams and points the application at them. The
 * emulators stop after the application.
 *
 * <pre>
 * ./mvnw -pl kinetic-sample-app -am spring-boot:test-run
 * </pre>
 */
public final class TestSampleApplication {

	static final String PLUTO_STREAM = "milky-way.solar.pluto";

	static final String MARS_STREAM = "milky-way.solar.mars";

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		LocalAwsEmulators emulators = LocalAwsEmulators.start();
		try {
			try (AwsTestClients aws = new AwsTestClients(emulators)) {
				aws.createStream(PLUTO_STREAM, 2);
				aws.createStream(MARS_STREAM, 1);
			}
			ConfigurableApplicationContext context = SpringApplication.from(SampleApplication::main)
				.run(arguments(emulators, args))
				.getApplicationContext();
			// closed with the other beans, after the listener container has stopped and
			// KCL has released its leases
			((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("localAwsEmulators",
					emulators::close);
		}
		catch (RuntimeException ex) {
			emulators.close();
			throw ex;
		}
	}

	private static String[] arguments(LocalAwsEmulators emulators, String[] args) {
		// emulator endpoints, region and credentials, and lease timings short enough to
		// see the first records within a minute
		Map<String, Object> properties = new LinkedHashMap<>(emulators.kineticProperties());
		properties.put("kinetic.lease.failover-time", "2s");
		properties.put("kinetic.polling.idle-time-between-reads", "200ms");
		properties.put("sample.streams.pluto", PLUTO_STREAM);
		properties.put("sample.streams.mars", MARS_STREAM);
		List<String> arguments = new ArrayList<>(List.of(args));
		// a repeated option would bind as "first,second": leave out what the caller sets
		properties.forEach((name, value) -> {
			if (arguments.stream().noneMatch((argument) -> argument.startsWith("--" + name + "="))) {
				arguments.add("--" + name + "=" + value);
			}
		});
		return arguments.toArray(String[]::new);
	}

}
