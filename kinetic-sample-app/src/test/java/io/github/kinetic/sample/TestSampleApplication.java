package io.github.kinetic.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import io.github.kinetic.test.LocalAwsEmulatorsConfiguration;

import org.springframework.boot.SpringApplication;

/**
 * Runs {@link SampleApplication} with no AWS account: starts the local Kinesis and
 * DynamoDB emulators, creates the two streams and the dead-letter stream and points the
 * application at them with {@link LocalAwsEmulatorsConfiguration}. The emulators stop
 * after the JVM, so they still serve KCL while the application shuts down.
 *
 * <pre>
 * ./mvnw -pl kinetic-sample-app -am spring-boot:test-run
 * </pre>
 */
public final class TestSampleApplication {

	static final String PLUTO_STREAM = "milky-way.solar.pluto";

	static final String MARS_STREAM = "milky-way.solar.mars";

	static final String DEAD_LETTER_STREAM = "milky-way.dead-letters";

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			aws.createStream(PLUTO_STREAM, 2);
			aws.createStream(MARS_STREAM, 1);
			aws.createStream(DEAD_LETTER_STREAM, 1);
		}
		SpringApplication.from(SampleApplication::main).with(LocalAwsEmulatorsConfiguration.class).run(arguments(args));
	}

	private static String[] arguments(String[] args) {
		// lease timings short enough to see the first records within a minute
		Map<String, Object> properties = KineticTestApplications.timingProperties();
		properties.put("sample.streams.pluto", PLUTO_STREAM);
		properties.put("sample.streams.mars", MARS_STREAM);
		properties.put("sample.streams.dead-letters", DEAD_LETTER_STREAM);
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
