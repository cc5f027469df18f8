package io.github.kinetic.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * Auto-configuration of the AWS clients KCL works with: Kinesis, DynamoDB and CloudWatch.
 * Each backs off when the application defines its own.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Scheduler.class)
@EnableConfigurationProperties(KineticProperties.class)
public final class KineticAwsClientsAutoConfiguration {

	KineticAwsClientsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(KineticConnectionDetails.class)
	PropertiesKineticConnectionDetails kineticConnectionDetails(KineticProperties properties) {
		return new PropertiesKineticConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	AwsCredentialsProvider kineticCredentialsProvider(KineticConnectionDetails connectionDetails) {
		AwsCredentials credentials = connectionDetails.getCredentials();
		return (credentials != null) ? StaticCredentialsProvider.create(credentials)
				: DefaultCredentialsProvider.builder().build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KinesisAsyncClient kinesisAsyncClient(KineticConnectionDetails connectionDetails,
			AwsCredentialsProvider credentialsProvider) {
		return configure(KinesisClientUtil.adjustKinesisClientBuilder(KinesisAsyncClient.builder()),
				connectionDetails.getKinesisEndpoint(), credentialsProvider, connectionDetails)
			.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbAsyncClient dynamoDbAsyncClient(KineticConnectionDetails connectionDetails,
			AwsCredentialsProvider credentialsProvider) {
		return configure(DynamoDbAsyncClient.builder(), connectionDetails.getDynamoDbEndpoint(), credentialsProvider,
				connectionDetails)
			.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CloudWatchAsyncClient cloudWatchAsyncClient(KineticConnectionDetails connectionDetails,
			AwsCredentialsProvider credentialsProvider) {
		return configure(CloudWatchAsyncClient.builder(), connectionDetails.getCloudWatchEndpoint(),
				credentialsProvider, connectionDetails)
			.build();
	}

	private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, @Nullable URI endpoint,
			AwsCredentialsProvider credentialsProvider, KineticConnectionDetails connectionDetails) {
		builder.credentialsProvider(credentialsProvider).region(region(connectionDetails));
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder;
	}

	private static Region region(KineticConnectionDetails connectionDetails) {
		String region = connectionDetails.getRegion();
		if (region != null && !region.isBlank()) {
			return Region.of(region);
		}
		try {
			return DefaultAwsRegionProviderChain.builder().build().getRegion();
		}
		catch (SdkClientException ex) {
			throw new InvalidKineticPropertyException("kinetic.region",
					"is missing and the AWS SDK finds no region (AWS_REGION, aws.region, ~/.aws/config)",
					"Set kinetic.region, for example kinetic.region=us-east-1.");
		}
	}

}
