package io.github.kinetic.benchmark;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.kinetic.test.LocalAwsEmulators;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.KinesisClientUtil;

/**
 * The Kinesis, DynamoDB and CloudWatch clients of one worker, built as the starter's
 * auto-configuration builds them against the emulators (endpoint, region, static
 * credentials), which can be cut off at once: after {@link #kill()} every call fails
 * before it is sent.
 * <p>
 * A worker whose clients are killed leaves what a worker killed with SIGKILL leaves: it
 * holds its leases and the leader lock and never renews or releases them, whatever its
 * threads try afterwards.
 */
final class KillableAwsClients implements AutoCloseable {

	private final AtomicBoolean killed = new AtomicBoolean();

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamoDb;

	private final CloudWatchAsyncClient cloudWatch;

	KillableAwsClients(LocalAwsEmulators emulators) {
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create(LocalAwsEmulators.ACCESS_KEY_ID, LocalAwsEmulators.SECRET_ACCESS_KEY));
		Region region = Region.of(LocalAwsEmulators.REGION);
		ClientOverrideConfiguration killSwitch = ClientOverrideConfiguration.builder()
			.addExecutionInterceptor(new KillSwitch(this.killed))
			.build();
		this.kinesis = KinesisClientUtil.adjustKinesisClientBuilder(KinesisAsyncClient.builder())
			.endpointOverride(emulators.kinesisEndpoint())
			.region(region)
			.credentialsProvider(credentials)
			.overrideConfiguration(killSwitch)
			.build();
		this.dynamoDb = DynamoDbAsyncClient.builder()
			.endpointOverride(emulators.dynamoDbEndpoint())
			.region(region)
			.credentialsProvider(credentials)
			.overrideConfiguration(killSwitch)
			.build();
		this.cloudWatch = CloudWatchAsyncClient.builder()
			.endpointOverride(emulators.kinesisEndpoint())
			.region(region)
			.credentialsProvider(credentials)
			.overrideConfiguration(killSwitch)
			.build();
	}

	KinesisAsyncClient kinesis() {
		return this.kinesis;
	}

	DynamoDbAsyncClient dynamoDb() {
		return this.dynamoDb;
	}

	CloudWatchAsyncClient cloudWatch() {
		return this.cloudWatch;
	}

	/**
	 * Fail every call from now on.
	 */
	void kill() {
		this.killed.set(true);
	}

	@Override
	public void close() {
		this.kinesis.close();
		this.dynamoDb.close();
		this.cloudWatch.close();
	}

	private record KillSwitch(AtomicBoolean killed) implements ExecutionInterceptor {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
			if (this.killed.get()) {
				throw SdkClientException.create("worker killed: no call reaches AWS any more");
			}
		}

	}

}
