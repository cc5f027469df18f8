package io.github.kinetic.lease;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Reads the leases of a KCL lease table, and deletes them, with the DynamoDB client the
 * application consumes with and a time limit on each DynamoDB call. The actuator's view
 * of the lease table; the reading itself is the listener's.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisLeaseReader {

	private final LeaseTableItems items;

	/**
	 * Create a reader.
	 * @param dynamoDb the DynamoDB client
	 * @param timeout how long one DynamoDB call may take
	 */
	public KinesisLeaseReader(DynamoDbAsyncClient dynamoDb, Duration timeout) {
		this.items = new LeaseTableItems(dynamoDb, timeout);
	}

	/**
	 * Read every lease of a lease table, with strongly consistent reads.
	 * @param table the lease table name
	 * @param singleStream the stream of a single-stream application, whose leases do not
	 * name it; {@code null} in multi-stream mode
	 * @return the leases; empty when the table does not exist
	 * @throws IllegalStateException if DynamoDB does not answer in time
	 */
	public List<KinesisLease> readLeases(String table, @Nullable String singleStream) {
		return this.items.leases(table, (singleStream != null) ? singleStream : "");
	}

	/**
	 * Delete the leases that match.
	 * @param table the lease table name
	 * @param singleStream the stream of a single-stream application; {@code null} in
	 * multi-stream mode
	 * @param filter which leases to delete
	 * @return the keys of the deleted leases
	 * @throws IllegalStateException if DynamoDB does not answer in time
	 */
	public List<String> deleteLeases(String table, @Nullable String singleStream, Predicate<KinesisLease> filter) {
		List<KinesisLease> leases = readLeases(table, singleStream).stream().filter(filter).toList();
		this.items.delete(table, leases);
		return leases.stream().map(KinesisLease::leaseKey).toList();
	}

}
