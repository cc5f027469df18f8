package io.github.kinetic.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the leases out of a KCL lease table, and deletes them: the one place that maps
 * lease table items to {@link KinesisLease} records, behind {@link KinesisLeases} and the
 * lease table's start-up checks.
 * <p>
 * KCL 3 keeps other items in the lease table (worker metrics, coordinator state); they
 * carry an {@code entityType} other than {@code LEASE} and no {@code checkpoint}, and are
 * left out. Attributes are read one by one and a missing one is left unset, so that a
 * lease edited by hand still shows.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
final class LeaseTableItems {

	private final DynamoDbAsyncClient dynamoDb;

	private final @Nullable Duration timeout;

	/**
	 * Create an instance that waits for DynamoDB as long as the client does.
	 * @param dynamoDb the DynamoDB client
	 */
	LeaseTableItems(DynamoDbAsyncClient dynamoDb) {
		this(dynamoDb, null);
	}

	/**
	 * Create an instance.
	 * @param dynamoDb the DynamoDB client
	 * @param timeout how long one DynamoDB call may take, or {@code null} to wait as long
	 * as the client does
	 */
	private LeaseTableItems(DynamoDbAsyncClient dynamoDb, @Nullable Duration timeout) {
		this.dynamoDb = dynamoDb;
		this.timeout = timeout;
	}

	LeaseTableItems withTimeout(Duration timeout) {
		return new LeaseTableItems(this.dynamoDb, timeout);
	}

	/**
	 * Read every lease, with strongly consistent reads.
	 * @param table the lease table
	 * @param singleStreamName the stream of single-stream leases, which do not record it
	 * @return the leases; empty if the table does not exist
	 * @throws IllegalStateException if DynamoDB does not answer within the timeout
	 */
	List<KinesisLease> leases(String table, String singleStreamName) {
		List<KinesisLease> leases = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		try {
			do {
				Map<String, AttributeValue> from = startKey;
				ScanResponse response = join(this.dynamoDb
					.scan((request) -> request.tableName(table).consistentRead(true).exclusiveStartKey(from)));
				for (Map<String, AttributeValue> item : response.items()) {
					if (isLease(item)) {
						leases.add(lease(item, singleStreamName));
					}
				}
				startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
			}
			while (startKey != null);
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
		return leases;
	}

	/**
	 * Delete leases.
	 * @param table the lease table
	 * @param leases the leases to delete
	 * @throws IllegalStateException if DynamoDB does not answer within the timeout
	 */
	void delete(String table, List<KinesisLease> leases) {
		for (KinesisLease lease : leases) {
			join(this.dynamoDb.deleteItem((request) -> request.tableName(table)
				.key(Map.of(LeaseTableInitializer.LEASE_KEY, AttributeValue.fromS(lease.leaseKey())))));
		}
	}

	private static boolean isLease(Map<String, AttributeValue> item) {
		AttributeValue entityType = item.get("entityType");
		return (entityType == null || "LEASE".equalsIgnoreCase(entityType.s())) && string(item, "leaseKey") != null
				&& string(item, "checkpoint") != null;
	}

	private static KinesisLease lease(Map<String, AttributeValue> item, String singleStreamName) {
		String leaseKey = string(item, "leaseKey");
		String streamIdentifier = string(item, "streamName");
		String stream = (streamIdentifier != null) ? StreamIdentifiers.streamName(streamIdentifier) : singleStreamName;
		return new KinesisLease(leaseKey, stream, streamIdentifier, shardId(item, leaseKey, streamIdentifier),
				string(item, "leaseOwner"), number(item, "leaseCounter"), string(item, "checkpoint"),
				number(item, "checkpointSubSequenceNumber"), string(item, "pendingCheckpoint"),
				number(item, "pendingCheckpointSubSequenceNumber"), strings(item, "parentShardId"),
				strings(item, "childShardIds"), string(item, "startingHashKey"), string(item, "endingHashKey"));
	}

	private static String shardId(Map<String, AttributeValue> item, String leaseKey,
			@Nullable String streamIdentifier) {
		if (streamIdentifier == null) {
			return leaseKey;
		}
		String shardId = string(item, "shardId");
		return (shardId != null) ? shardId : StreamIdentifiers.shardId(leaseKey);
	}

	private static @Nullable String string(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null) ? value.s() : null;
	}

	private static long number(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null && value.n() != null) ? Long.parseLong(value.n()) : 0L;
	}

	private static List<String> strings(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null && value.hasSs()) ? value.ss() : List.of();
	}

	private <T> T join(CompletableFuture<T> future) {
		try {
			return (this.timeout != null) ? future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS) : future.join();
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("DynamoDB did not answer within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for DynamoDB", ex);
		}
	}

}
