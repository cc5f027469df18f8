package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.ContainerStartupException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a listener container that could not reach AWS at startup, with the endpoints it
 * used.
 */
class ContainerStartupFailureAnalyzer extends AbstractFailureAnalyzer<ContainerStartupException> {

	private final Environment environment;

	ContainerStartupFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ContainerStartupException cause) {
		return new FailureAnalysis(
				"The Kinesis listener container of application '" + cause.getApplicationName() + "' (streams "
						+ cause.getStreams() + ") could not start: "
						+ ContainerStartupException.describe(cause.getCause()) + ". DynamoDB endpoint: "
						+ endpoint("dynamodb") + ", Kinesis endpoint: " + endpoint("kinesis") + ".",
				"Check that DynamoDB and Kinesis answer at these endpoints (kinetic.endpoint, "
						+ "kinetic.dynamodb.endpoint, kinetic.kinesis.endpoint, kinetic.region) and that the "
						+ "credentials are accepted. To start the application anyway, set "
						+ "kinetic.startup-failure=continue (the container stays failed) or "
						+ "kinetic.startup-failure=retry (it tries again with a back-off, "
						+ "kinetic.startup-failure-retry.*).",
				cause);
	}

	private String endpoint(String service) {
		String endpoint = this.environment.getProperty("kinetic." + service + ".endpoint",
				this.environment.getProperty("kinetic.endpoint"));
		if (endpoint != null) {
			return endpoint;
		}
		String region = this.environment.getProperty("kinetic.region");
		return "the AWS default" + ((region != null) ? " of region " + region : "");
	}

}
