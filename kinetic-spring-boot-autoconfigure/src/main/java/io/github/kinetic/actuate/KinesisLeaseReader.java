package io.github.kinetic.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.MultiStreamLease;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Reads the leases of a KCL lease table, and deletes them, with the DynamoDB client the
 * application consumes with.
 * <p>
 * KCL 3 keeps worker metrics and coordinator state in the lease table too; only items
 * with a {@code checkpoint} attribute are leases. Items with a {@code streamName}
 * attribute are multi-stream leases. Attributes are read one by one and a missing one is
 * left unset, so that a lease edited by hand still shows.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisLeaseReader {

	static final String LEASE_KEY = "leaseKey";

	static final String CHECKPOINT = "checkpoint";

	static final String STREAM_ID = "streamName";

	private final DynamoDbAsyncClient dynamoDb;

	private final Duration timeout;

	/**
	 * Create a reader.
	 * @param dynamoDb the DynamoDB client
	 * @param timeout how long one DynamoDB call may take
	 */
	public KinesisLeaseReader(DynamoDbAsyncClient dynamoDb, Duration timeout) {
		this.dynamoDb = dynamoDb;
		this.timeout = timeout;
	}

	/**
	 * Return the name of the stream a lease belongs to.
	 * @param lease the lease
	 * @param singleStream the stream of a single-stream application, whose leases do not
	 * name it
	 * @return the stream name
	 */
	public static String streamName(Lease lease, @Nullable String singleStream) {
		if (lease instanceof MultiStreamLease multiStreamLease && multiStreamLease.streamIdentifier() != null) {
			return StreamIdentifier.multiStreamInstance(multiStreamLease.streamIdentifier()).streamName();
		}
		return (singleStream != null) ? singleStream : "";
	}

	/**
	 * Return the shard id of a lease.
	 * @param lease the lease
	 * @return the shard id
	 */
	public static String shardId(Lease lease) {
		if (lease instanceof MultiStreamLease multiStreamLease && multiStreamLease.shardId() != null) {
			return multiStreamLease.shardId();
		}
		return lease.leaseKey();
	}

	/**
	 * Describe the lease table: a cheap check that it exists and DynamoDB answers.
	 * @param table the lease table name
	 * @return the table description
	 */
	public TableDescription describeTable(String table) {
		return join(this.dynamoDb.describeTable((request) -> request.tableName(table))).table();
	}

	/**
	 * Read every lease of a lease table, with strongly consistent reads.
	 * @param table the lease table name
	 * @return the leases, {@link MultiStreamLease} for multi-stream ones; empty when the
	 * table does not exist
	 */
	public List<Lease> readLeases(String table) {
		List<Lease> leases = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		try {
			do {
				Map<String, AttributeValue> from = startKey;
				ScanResponse response = join(this.dynamoDb
					.scan((request) -> request.tableName(table).consistentRead(true).exclusiveStartKey(from)));
				for (Map<String, AttributeValue> item : response.items()) {
					Lease lease = toLease(item);
					if (lease != null) {
						leases.add(lease);
					}
				}
				startKey = response.hasLastEvaluatedKey() ? new HashMap<>(response.lastEvaluatedKey()) : null;
			}
			while (startKey != null);
		}
		catch (ResourceNotFoundException ex) {
			return List.of();
		}
		return leases;
	}

	/**
	 * Delete the leases that match.
	 * @param table the lease table name
	 * @param filter which leases to delete
	 * @return the keys of the deleted leases
	 */
	public List<String> deleteLeases(String table, Predicate<Lease> filter) {
		List<String> deleted = new ArrayList<>();
		for (Lease lease : readLeases(table)) {
			if (filter.test(lease)) {
				join(this.dynamoDb.deleteItem((request) -> request.tableName(table)
					.key(Map.of(LEASE_KEY, AttributeValue.fromS(lease.leaseKey())))));
				deleted.add(lease.leaseKey());
			}
		}
		return deleted;
	}

	private static @Nullable Lease toLease(Map<String, AttributeValue> item) {
		String leaseKey = string(item, LEASE_KEY);
		String checkpoint = string(item, CHECKPOINT);
		if (leaseKey == null || checkpoint == null) {
			return null;
		}
		String streamId = string(item, STREAM_ID);
		Lease lease = (streamId != null) ? multiStreamLease(item, leaseKey, streamId) : new Lease();
		lease.leaseKey(leaseKey);
		lease.leaseOwner(string(item, "leaseOwner"));
		Long leaseCounter = number(item, "leaseCounter");
		if (leaseCounter != null) {
			lease.leaseCounter(leaseCounter);
		}
		lease.checkpoint(new ExtendedSequenceNumber(checkpoint, number(item, "checkpointSubSequenceNumber")));
		String pendingCheckpoint = string(item, "pendingCheckpoint");
		if (pendingCheckpoint != null) {
			lease.pendingCheckpoint(
					new ExtendedSequenceNumber(pendingCheckpoint, number(item, "pendingCheckpointSubSequenceNumber")));
		}
		lease.parentShardIds(strings(item, "parentShardId"));
		lease.childShardIds(strings(item, "childShardIds"));
		String startingHashKey = string(item, "startingHashKey");
		String endingHashKey = string(item, "endingHashKey");
		if (startingHashKey != null && endingHashKey != null) {
			lease.hashKeyRange(HashKeyRangeForLease.deserialize(startingHashKey, endingHashKey));
		}
		return lease;
	}

	private static MultiStreamLease multiStreamLease(Map<String, AttributeValue> item, String leaseKey,
			String streamId) {
		MultiStreamLease lease = new MultiStreamLease();
		lease.streamIdentifier(streamId);
		String shardId = string(item, "shardId");
		lease.shardId((shardId != null) ? shardId : leaseKey.substring(leaseKey.lastIndexOf(':') + 1));
		return lease;
	}

	private static @Nullable String string(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null) ? value.s() : null;
	}

	private static @Nullable Long number(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null && value.n() != null) ? Long.valueOf(value.n()) : null;
	}

	private static List<String> strings(Map<String, AttributeValue> item, String name) {
		AttributeValue value = item.get(name);
		return (value != null && value.hasSs()) ? value.ss() : List.of();
	}

	private <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
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
