package io.github.kinetic.test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Test-side AWS clients for the emulators: create streams, put records, read the lease
 * table. They stand for a producer and an operator, never for the code under test.
 */
public final class AwsTestClients implements AutoCloseable {

	private static AwsTestClients shared;

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamoDb;

	public AwsTestClients(LocalAwsEmulators emulators) {
		this(emulators.kinesisEndpoint(), emulators.dynamoDbEndpoint(), LocalAwsEmulators.ACCESS_KEY_ID);
	}

	public AwsTestClients(URI kinesisEndpoint, URI dynamoDbEndpoint, String accessKeyId) {
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create(accessKeyId, LocalAwsEmulators.SECRET_ACCESS_KEY));
		Region region = Region.of(LocalAwsEmulators.REGION);
		this.kinesis = KinesisAsyncClient.builder()
			.endpointOverride(kinesisEndpoint)
			.region(region)
			.credentialsProvider(credentials)
			.build();
		this.dynamoDb = DynamoDbAsyncClient.builder()
			.endpointOverride(dynamoDbEndpoint)
			.region(region)
			.credentialsProvider(credentials)
			.build();
	}

	/**
	 * Return clients of the {@linkplain LocalAwsEmulators#shared() shared emulators}, for
	 * the whole test JVM, like the emulators themselves.
	 * @return the shared clients
	 */
	public static synchronized AwsTestClients shared() {
		if (shared == null) {
			shared = new AwsTestClients(LocalAwsEmulators.shared());
		}
		return shared;
	}

	public KinesisAsyncClient kinesis() {
		return this.kinesis;
	}

	public DynamoDbAsyncClient dynamoDb() {
		return this.dynamoDb;
	}

	/**
	 * Create a stream and wait until it is active.
	 * @param name the stream name
	 * @param shards the shard count
	 */
	public void createStream(String name, int shards) {
		this.kinesis.createStream((request) -> request.streamName(name).shardCount(shards)).join();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			StreamStatus status = this.kinesis.describeStreamSummary((request) -> request.streamName(name))
				.join()
				.streamDescriptionSummary()
				.streamStatus();
			if (status == StreamStatus.ACTIVE) {
				return;
			}
			sleep(50);
		}
		throw new IllegalStateException("Stream " + name + " did not become active");
	}

	/**
	 * Put UTF-8 records, each with its own partition key, retrying entries the emulator
	 * refuses.
	 * @param stream the stream name
	 * @param payloads the records
	 */
	public void putRecords(String stream, List<String> payloads) {
		for (int from = 0; from < payloads.size(); from += 500) {
			List<PutRecordsRequestEntry> pending = new ArrayList<>();
			for (int i = from; i < Math.min(from + 500, payloads.size()); i++) {
				pending.add(PutRecordsRequestEntry.builder()
					.partitionKey("key-" + i)
					.data(SdkBytes.fromString(payloads.get(i), StandardCharsets.UTF_8))
					.build());
			}
			// entries of one call keep their order per shard; failed ones are retried in
			// order
			while (!pending.isEmpty()) {
				List<PutRecordsRequestEntry> batch = pending;
				PutRecordsResponse response = this.kinesis
					.putRecords((request) -> request.streamName(stream).records(batch))
					.join();
				List<PutRecordsRequestEntry> failed = new ArrayList<>();
				for (int i = 0; i < batch.size(); i++) {
					if (response.records().get(i).errorCode() != null) {
						failed.add(batch.get(i));
					}
				}
				pending = failed;
			}
		}
	}

	/**
	 * Read every item of a lease table.
	 * @param table the table name
	 * @return the items
	 */
	public List<Map<String, AttributeValue>> scan(String table) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		do {
			Map<String, AttributeValue> from = startKey;
			ScanResponse response = this.dynamoDb.scan((request) -> request.tableName(table).exclusiveStartKey(from))
				.join();
			items.addAll(response.items());
			startKey = response.hasLastEvaluatedKey() ? new HashMap<>(response.lastEvaluatedKey()) : null;
		}
		while (startKey != null);
		return items;
	}

	@Override
	public void close() {
		this.kinesis.close();
		this.dynamoDb.close();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
