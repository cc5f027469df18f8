package io.github.kinetic.test;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The clients a test uses to reach the emulators, built on first use.
 */
final class EmulatorClients implements AutoCloseable {

	private final LocalAwsEmulators emulators;

	private @Nullable KinesisAsyncClient kinesis;

	private @Nullable DynamoDbAsyncClient dynamoDb;

	EmulatorClients(LocalAwsEmulators emulators) {
		this.emulators = emulators;
	}

	synchronized KinesisAsyncClient kinesis() {
		if (this.kinesis == null) {
			this.kinesis = KinesisAsyncClient.builder()
				.endpointOverride(this.emulators.kinesisEndpoint())
				.region(Region.of(LocalAwsEmulators.REGION))
				.credentialsProvider(credentials())
				.build();
		}
		return this.kinesis;
	}

	synchronized DynamoDbAsyncClient dynamoDb() {
		if (this.dynamoDb == null) {
			this.dynamoDb = DynamoDbAsyncClient.builder()
				.endpointOverride(this.emulators.dynamoDbEndpoint())
				.region(Region.of(LocalAwsEmulators.REGION))
				.credentialsProvider(credentials())
				.build();
		}
		return this.dynamoDb;
	}

	@Override
	public synchronized void close() {
		if (this.kinesis != null) {
			this.kinesis.close();
		}
		if (this.dynamoDb != null) {
			this.dynamoDb.close();
		}
	}

	private static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(LocalAwsEmulators.ACCESS_KEY_ID, LocalAwsEmulators.SECRET_ACCESS_KEY));
	}

}
