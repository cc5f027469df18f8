package io.github.kinetic.autoconfigure;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KineticAwsClientsAutoConfiguration}.
 */
class KineticAwsClientsAutoConfigurationTests {

	private static final URI SHARED_ENDPOINT = URI.create("http://127.0.0.1:4566");

	private static final URI SERVICE_ENDPOINT = URI.create("http://127.0.0.1:9000");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class))
		.withPropertyValues("kinetic.region=eu-west-1");

	@Test
	void createsKinesisDynamoDbAndCloudWatchClients() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(KinesisAsyncClient.class)
			.hasSingleBean(DynamoDbAsyncClient.class)
			.hasSingleBean(CloudWatchAsyncClient.class)
			.hasSingleBean(AwsCredentialsProvider.class)
			.hasSingleBean(PropertiesKineticConnectionDetails.class));
	}

	@Test
	void backsOffWithoutKcl() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Scheduler.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KinesisAsyncClient.class)
				.doesNotHaveBean(DynamoDbAsyncClient.class)
				.doesNotHaveBean(CloudWatchAsyncClient.class)
				.doesNotHaveBean(AwsCredentialsProvider.class)
				.doesNotHaveBean(KineticConnectionDetails.class));
	}

	@Test
	void backsOffWhenUserDefinesKinesisClient() {
		this.contextRunner
			.withBean("userKinesisClient", KinesisAsyncClient.class,
					() -> KinesisAsyncClient.builder()
						.region(Region.AP_NORTHEAST_1)
						.credentialsProvider(AnonymousCredentialsProvider.create())
						.build())
			.run((context) -> {
				assertThat(context).hasSingleBean(KinesisAsyncClient.class);
				assertThat(context.getBean(KinesisAsyncClient.class)).isSameAs(context.getBean("userKinesisClient"));
				assertThat(context).hasSingleBean(DynamoDbAsyncClient.class).hasSingleBean(CloudWatchAsyncClient.class);
			});
	}

	@Test
	void backsOffWhenUserDefinesDynamoDbClient() {
		this.contextRunner
			.withBean("userDynamoDbClient", DynamoDbAsyncClient.class,
					() -> DynamoDbAsyncClient.builder()
						.region(Region.AP_NORTHEAST_1)
						.credentialsProvider(AnonymousCredentialsProvider.create())
						.build())
			.run((context) -> {
				assertThat(context).hasSingleBean(DynamoDbAsyncClient.class);
				assertThat(context.getBean(DynamoDbAsyncClient.class)).isSameAs(context.getBean("userDynamoDbClient"));
				assertThat(context).hasSingleBean(KinesisAsyncClient.class).hasSingleBean(CloudWatchAsyncClient.class);
			});
	}

	@Test
	void backsOffWhenUserDefinesCloudWatchClient() {
		this.contextRunner
			.withBean("userCloudWatchClient", CloudWatchAsyncClient.class,
					() -> CloudWatchAsyncClient.builder()
						.region(Region.AP_NORTHEAST_1)
						.credentialsProvider(AnonymousCredentialsProvider.create())
						.build())
			.run((context) -> {
				assertThat(context).hasSingleBean(CloudWatchAsyncClient.class);
				assertThat(context.getBean(CloudWatchAsyncClient.class))
					.isSameAs(context.getBean("userCloudWatchClient"));
				assertThat(context).hasSingleBean(KinesisAsyncClient.class).hasSingleBean(DynamoDbAsyncClient.class);
			});
	}

	@Test
	void usesStaticCredentialsFromProperties() {
		this.contextRunner
			.withPropertyValues("kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t")
			.run((context) -> {
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
				AwsCredentials credentials = provider.resolveCredentials();
				assertThat(credentials).isInstanceOf(AwsBasicCredentials.class)
					.isNotInstanceOf(AwsSessionCredentials.class);
				assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
				assertThat(credentials.secretAccessKey()).isEqualTo("s3cr3t");
			});
	}

	@Test
	void usesSessionCredentialsWhenSessionTokenIsSet() {
		this.contextRunner
			.withPropertyValues("kinetic.creds.access-key-id=ASIAEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t",
					"kinetic.creds.session-token=t0ken")
			.run((context) -> {
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
				assertThat(provider.resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
						(credentials) -> {
							assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLE");
							assertThat(credentials.secretAccessKey()).isEqualTo("s3cr3t");
							assertThat(credentials.sessionToken()).isEqualTo("t0ken");
						});
			});
	}

	@Test
	void usesDefaultCredentialsProviderChainWithoutCredentialsProperties() {
		this.contextRunner.run((context) -> assertThat(context.getBean(AwsCredentialsProvider.class))
			.isInstanceOf(DefaultCredentialsProvider.class));
	}

	@Test
	void signsEveryClientWithTheCredentialsProviderBean() {
		this.contextRunner
			.withPropertyValues("kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t")
			.run((context) -> {
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				assertThat(clientConfigurations(context))
					.allSatisfy((configuration) -> assertThat(configuration.credentialsProvider()).isSameAs(provider));
			});
	}

	@Test
	void backsOffWhenUserDefinesCredentialsProvider() {
		AwsCredentialsProvider userProvider = StaticCredentialsProvider
			.create(AwsBasicCredentials.create("USERKEY", "user-secret"));
		this.contextRunner
			.withPropertyValues("kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t")
			.withBean("userCredentialsProvider", AwsCredentialsProvider.class, () -> userProvider)
			.run((context) -> {
				assertThat(context).hasSingleBean(AwsCredentialsProvider.class);
				assertThat(context.getBean(AwsCredentialsProvider.class)).isSameAs(userProvider);
				assertThat(clientConfigurations(context)).allSatisfy(
						(configuration) -> assertThat(configuration.credentialsProvider()).isSameAs(userProvider));
			});
	}

	@Test
	void failsWhenOnlyAccessKeyIdIsSet() {
		this.contextRunner.withPropertyValues("kinetic.creds.access-key-id=AKIDEXAMPLE")
			.run((context) -> assertFailsNaming(context, "kinetic.creds.secret-access-key",
					"is missing while kinetic.creds.access-key-id is set"));
	}

	@Test
	void failsWhenOnlySecretAccessKeyIsSet() {
		this.contextRunner.withPropertyValues("kinetic.creds.secret-access-key=s3cr3t")
			.run((context) -> assertFailsNaming(context, "kinetic.creds.access-key-id",
					"is missing while kinetic.creds.secret-access-key is set"));
	}

	@Test
	void appliesRegionToEveryClient() {
		this.contextRunner.run((context) -> assertThat(clientConfigurations(context))
			.allSatisfy((configuration) -> assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1)));
	}

	@Test
	void usesAwsDefaultRegionProviderChainWhenRegionIsNotSet() {
		this.contextRunner.withPropertyValues("kinetic.region=")
			.withSystemProperties("aws.region=ap-southeast-2")
			.run((context) -> assertThat(clientConfigurations(context))
				.allSatisfy((configuration) -> assertThat(configuration.region()).isEqualTo(Region.AP_SOUTHEAST_2)));
	}

	@Test
	void usesRegionalEndpointsWithoutEndpointProperties() {
		this.contextRunner.run((context) -> assertThat(clientConfigurations(context))
			.allSatisfy((configuration) -> assertThat(configuration.endpointOverride()).isEmpty()));
	}

	@Test
	void appliesSharedEndpointToEveryClient() {
		this.contextRunner.withPropertyValues("kinetic.endpoint=" + SHARED_ENDPOINT)
			.run((context) -> assertThat(clientConfigurations(context))
				.allSatisfy((configuration) -> assertThat(configuration.endpointOverride()).contains(SHARED_ENDPOINT)));
	}

	@Test
	void kinesisEndpointWinsOverSharedEndpoint() {
		this.contextRunner
			.withPropertyValues("kinetic.endpoint=" + SHARED_ENDPOINT, "kinetic.kinesis.endpoint=" + SERVICE_ENDPOINT)
			.run((context) -> {
				assertThat(endpointOf(context, KinesisAsyncClient.class)).isEqualTo(SERVICE_ENDPOINT);
				assertThat(endpointOf(context, DynamoDbAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
				assertThat(endpointOf(context, CloudWatchAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
			});
	}

	@Test
	void dynamoDbEndpointWinsOverSharedEndpoint() {
		this.contextRunner
			.withPropertyValues("kinetic.endpoint=" + SHARED_ENDPOINT, "kinetic.dynamodb.endpoint=" + SERVICE_ENDPOINT)
			.run((context) -> {
				assertThat(endpointOf(context, KinesisAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
				assertThat(endpointOf(context, DynamoDbAsyncClient.class)).isEqualTo(SERVICE_ENDPOINT);
				assertThat(endpointOf(context, CloudWatchAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
			});
	}

	@Test
	void cloudWatchEndpointWinsOverSharedEndpoint() {
		this.contextRunner
			.withPropertyValues("kinetic.endpoint=" + SHARED_ENDPOINT,
					"kinetic.cloudwatch.endpoint=" + SERVICE_ENDPOINT)
			.run((context) -> {
				assertThat(endpointOf(context, KinesisAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
				assertThat(endpointOf(context, DynamoDbAsyncClient.class)).isEqualTo(SHARED_ENDPOINT);
				assertThat(endpointOf(context, CloudWatchAsyncClient.class)).isEqualTo(SERVICE_ENDPOINT);
			});
	}

	@Test
	void userConnectionDetailsReplacePropertiesConnectionDetails() {
		URI kinesis = URI.create("http://127.0.0.1:7001");
		URI dynamoDb = URI.create("http://127.0.0.1:7002");
		URI cloudWatch = URI.create("http://127.0.0.1:7003");
		AwsCredentials credentials = AwsBasicCredentials.create("DETAILSKEY", "details-secret");
		this.contextRunner
			.withPropertyValues("kinetic.endpoint=" + SHARED_ENDPOINT, "kinetic.creds.access-key-id=AKIDEXAMPLE",
					"kinetic.creds.secret-access-key=s3cr3t")
			.withBean(KineticConnectionDetails.class,
					() -> new FixedConnectionDetails("sa-east-1", kinesis, dynamoDb, cloudWatch, credentials))
			.run((context) -> {
				assertThat(context).hasSingleBean(KineticConnectionDetails.class)
					.doesNotHaveBean(PropertiesKineticConnectionDetails.class);
				assertThat(context.getBean(KineticConnectionDetails.class)).isInstanceOf(FixedConnectionDetails.class);
				assertThat(endpointOf(context, KinesisAsyncClient.class)).isEqualTo(kinesis);
				assertThat(endpointOf(context, DynamoDbAsyncClient.class)).isEqualTo(dynamoDb);
				assertThat(endpointOf(context, CloudWatchAsyncClient.class)).isEqualTo(cloudWatch);
				assertThat(clientConfigurations(context))
					.allSatisfy((configuration) -> assertThat(configuration.region()).isEqualTo(Region.SA_EAST_1));
				AwsCredentials resolved = context.getBean(AwsCredentialsProvider.class).resolveCredentials();
				assertThat(resolved.accessKeyId()).isEqualTo("DETAILSKEY");
				assertThat(resolved.secretAccessKey()).isEqualTo("details-secret");
			});
	}

	private static void assertFailsNaming(AssertableApplicationContext context, String property, String reason) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause()
			.isInstanceOf(InvalidKineticPropertyException.class)
			.hasMessage("Property '" + property + "' " + reason);
		FailureAnalysis analysis = new InvalidKineticPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid kinetic configuration: property '" + property + "' " + reason + ".");
		assertThat(analysis.getAction()).contains("Set both halves of the key pair");
	}

	private static List<AwsServiceClientConfiguration> clientConfigurations(AssertableApplicationContext context) {
		return List.of(configurationOf(context, KinesisAsyncClient.class),
				configurationOf(context, DynamoDbAsyncClient.class),
				configurationOf(context, CloudWatchAsyncClient.class));
	}

	private static AwsServiceClientConfiguration configurationOf(AssertableApplicationContext context,
			Class<? extends AwsClient> clientType) {
		return context.getBean(clientType).serviceClientConfiguration();
	}

	private static URI endpointOf(AssertableApplicationContext context, Class<? extends AwsClient> clientType) {
		return configurationOf(context, clientType).endpointOverride()
			.orElseThrow(() -> new AssertionError(clientType.getSimpleName() + " has no endpoint override"));
	}

	private record FixedConnectionDetails(String region, URI kinesis, URI dynamoDb, URI cloudWatch,
			AwsCredentials credentials) implements KineticConnectionDetails {

		@Override
		public String getRegion() {
			return this.region;
		}

		@Override
		public URI getKinesisEndpoint() {
			return this.kinesis;
		}

		@Override
		public URI getDynamoDbEndpoint() {
			return this.dynamoDb;
		}

		@Override
		public URI getCloudWatchEndpoint() {
			return this.cloudWatch;
		}

		@Override
		public @Nullable AwsCredentials getCredentials() {
			return this.credentials;
		}

	}

}
