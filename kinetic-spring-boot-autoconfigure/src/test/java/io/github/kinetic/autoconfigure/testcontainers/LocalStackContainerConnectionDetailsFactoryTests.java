package io.github.kinetic.autoconfigure.testcontainers;

import java.net.URI;

import io.github.kinetic.autoconfigure.KineticAwsClientsAutoConfiguration;
import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import org.junit.jupiter.api.Test;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LocalStackContainerConnectionDetailsFactory}, through Spring Boot's
 * {@code @ServiceConnection} support, with a container that is never started: the
 * container methods the connection details read are stubbed, so neither Docker nor the
 * image is needed. The {@code kinetic.*} properties point elsewhere, to show that the
 * container wins.
 */
@SpringBootTest(classes = LocalStackContainerConnectionDetailsFactoryTests.AwsClientsConfiguration.class,
		properties = { "kinetic.region=us-west-2", "kinetic.endpoint=http://localhost:1",
				"kinetic.creds.access-key-id=from-properties", "kinetic.creds.secret-access-key=from-properties" })
class LocalStackContainerConnectionDetailsFactoryTests {

	private static final URI ENDPOINT = URI.create("http://127.0.0.1:45660");

	@ServiceConnection
	static final LocalStackContainer localstack = unstartedLocalStack();

	@Autowired
	private KineticConnectionDetails connectionDetails;

	@Autowired
	private AwsCredentialsProvider credentialsProvider;

	@Autowired
	private KinesisAsyncClient kinesis;

	@Autowired
	private DynamoDbAsyncClient dynamoDb;

	@Autowired
	private CloudWatchAsyncClient cloudWatch;

	@Test
	void pointsEveryServiceAtTheContainerEndpoint() {
		assertThat(this.connectionDetails.getKinesisEndpoint()).isEqualTo(ENDPOINT);
		assertThat(this.connectionDetails.getDynamoDbEndpoint()).isEqualTo(ENDPOINT);
		assertThat(this.connectionDetails.getCloudWatchEndpoint()).isEqualTo(ENDPOINT);
	}

	@Test
	void signsWithTheContainerRegionAndCredentials() {
		assertThat(this.connectionDetails.getRegion()).isEqualTo("eu-west-3");
		AwsCredentials credentials = this.credentialsProvider.resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("localstack-access-key");
		assertThat(credentials.secretAccessKey()).isEqualTo("localstack-secret-key");
	}

	@Test
	void buildsTheAwsClientsForTheContainer() {
		assertThat(this.kinesis.serviceClientConfiguration()).satisfies(this::targetsContainer);
		assertThat(this.dynamoDb.serviceClientConfiguration()).satisfies(this::targetsContainer);
		assertThat(this.cloudWatch.serviceClientConfiguration()).satisfies(this::targetsContainer);
	}

	@Test
	void connectsAContainerDeclaredAsABean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class,
					KineticAwsClientsAutoConfiguration.class))
			.withUserConfiguration(LocalStackBeanConfiguration.class)
			.withPropertyValues("kinetic.region=us-west-2", "kinetic.endpoint=http://localhost:1")
			.run((context) -> {
				assertThat(context).hasSingleBean(KineticConnectionDetails.class);
				assertThat(context.getBean(KineticConnectionDetails.class).getKinesisEndpoint()).isEqualTo(ENDPOINT);
				assertThat(context.getBean(KinesisAsyncClient.class).serviceClientConfiguration())
					.satisfies(this::targetsContainer);
			});
	}

	private void targetsContainer(AwsServiceClientConfiguration configuration) {
		assertThat(configuration.endpointOverride()).contains(ENDPOINT);
		assertThat(configuration.region()).isEqualTo(Region.EU_WEST_3);
	}

	private static LocalStackContainer unstartedLocalStack() {
		LocalStackContainer container = mock(LocalStackContainer.class);
		given(container.getEndpoint()).willReturn(ENDPOINT);
		given(container.getRegion()).willReturn("eu-west-3");
		given(container.getAccessKey()).willReturn("localstack-access-key");
		given(container.getSecretKey()).willReturn("localstack-secret-key");
		return container;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(KineticAwsClientsAutoConfiguration.class)
	static class AwsClientsConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class LocalStackBeanConfiguration {

		@Bean
		@ServiceConnection
		LocalStackContainer localstack() {
			return unstartedLocalStack();
		}

	}

}
