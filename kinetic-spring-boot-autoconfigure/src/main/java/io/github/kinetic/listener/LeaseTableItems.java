package io.github.kinetic.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the leases out of a KCL lease table. KCL 3 keeps other items there too (worker
 * metrics, coordinator state); they carry an {@code entityType} other than {@code LEASE}
 * and are left out.
 */
final class LeaseTableItems {

	private final DynamoDbAsyncClient dynamoDb;

	LeaseTableItems(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/**
	 * Read every lease.
	 * @param table the lease table
	 * @param singleStreamName the stream of single-stream leases, which do not record it
	 * @return the leases; empty if the table does not exist
	 */
	List<KinesisLease> leases(String table, String singleStreamName) {
		List<KinesisLease> leases = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		try {
			do {
				Map<String, AttributeValue> from = startKey;
				ScanResponse response = this.dynamoDb
					.scan((request) -> request.tableName(table).consistentRead(true).exclusiveStartKey(from))
					.join();
				for (Map<String, AttributeValue> item : response.items()) {
					if (isLease(item)) {
						leases.add(lease(item, singleStreamName));
					}
				}
				startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
			}
			while (startKey != null);
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return List.of();
			}
			throw ex;
		}
		return leases;
	}

	/**
	 * Delete leases.
	 * @param table the lease table
	 * @param leases the leases to delete
	 */
	void delete(String table, List<KinesisLease> leases) {
		for (KinesisLease lease : leases) {
			this.dynamoDb
				.deleteItem((request) -> request.tableName(table)
					.key(Map.of(LeaseTableInitializer.LEASE_KEY, AttributeValue.fromS(lease.leaseKey()))))
				.join();
		}
	}

	private static boolean isLease(Map<String, AttributeValue> item) {
		AttributeValue entityType = item.get("entityType");
		return (entityType == null || "LEASE".equalsIgnoreCase(entityType.s())) && item.containsKey("leaseKey");
	}

	private static KinesisLease lease(Map<String, AttributeValue> item, String singleStreamName) {
		String leaseKey = string(item, "leaseKey");
		String streamIdentifier = string(item, "streamName");
		String stream = (streamIdentifier != null) ? streamNameOf(streamIdentifier) : singleStreamName;
		String shardId = (streamIdentifier != null && string(item, "shardId") != null) ? string(item, "shardId")
				: leaseKey;
		return new KinesisLease(leaseKey, stream, streamIdentifier, shardId, string(item, "leaseOwner"),
				number(item, "leaseCounter"), string(item, "checkpoint"), number(item, "checkpointSubSequenceNumber"),
				string(item, "pendingCheckpoint"), strings(item, "parentShardId"), strings(item, "childShardIds"),
				string(item, "startingHashKey"), string(item, "endingHashKey"));
	}

	/**
	 * Return the stream name in a multi-stream identifier
	 * ({@code account:stream:creationEpoch}).
	 * @param streamIdentifier the identifier
	 * @return the stream name
	 */
	static String streamNameOf(String streamIdentifier) {
		String[] parts = streamIdentifier.split(":");
		return (parts.length == 3) ? parts[1] : streamIdentifier;
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

}
