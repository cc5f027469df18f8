package io.github.kinetic.autoconfigure;

import java.net.ConnectException;
import java.util.List;

import io.github.kinetic.container.ContainerStartupException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContainerStartupFailureAnalyzer}.
 */
class ContainerStartupFailureAnalyzerTests {

	@Test
	void namesTheApplicationTheStreamsTheEndpointsAndThePolicies() {
		MockEnvironment environment = new MockEnvironment().withProperty("kinetic.endpoint", "http://127.0.0.1:4566")
			.withProperty("kinetic.dynamodb.endpoint", "http://127.0.0.1:8000");
		FailureAnalysis analysis = analyze(environment);
		assertThat(analysis.getDescription()).contains("application 'orders-app'")
			.contains("[orders]")
			.contains("DynamoDB endpoint: http://127.0.0.1:8000")
			.contains("Kinesis endpoint: http://127.0.0.1:4566");
		assertThat(analysis.getAction()).contains("kinetic.startup-failure=continue")
			.contains("kinetic.startup-failure=retry");
	}

	@Test
	void saysTheAwsDefaultEndpointsOfTheRegionWhenNoneIsConfigured() {
		FailureAnalysis analysis = analyze(new MockEnvironment().withProperty("kinetic.region", "eu-west-1"));
		assertThat(analysis.getDescription()).contains("DynamoDB endpoint: the AWS default of region eu-west-1")
			.contains("Kinesis endpoint: the AWS default of region eu-west-1");
	}

	private static FailureAnalysis analyze(MockEnvironment environment) {
		ContainerStartupException failure = new ContainerStartupException("orders-app", List.of("orders"),
				new ConnectException("Connection refused"));
		FailureAnalysis analysis = new ContainerStartupFailureAnalyzer(environment)
			.analyze(new IllegalStateException("startup", failure));
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
