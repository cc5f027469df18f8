package io.github.kinetic.lease;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.github.kinetic.settings.ConsumerSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import org.springframework.core.log.LogMessage;

/**
 * Lists and deletes the application's leases: the counterpart of kinetic's
 * {@code show-leases}, {@code delete-leases-for-stream} and {@code delete-all-leases}.
 * <p>
 * Deleting a stream's leases makes the next consumer of the stream start from the
 * configured {@code start-from} position. It is refused while this worker consumes the
 * stream; stop the listener container first.
 * <p>
 * Every read and write of lease items goes through here: the actuator's endpoint reads
 * with a {@linkplain #withTimeout time limit}, and the leases of other consumer groups
 * through {@link #forGroup}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisLeases {

	private static final Log logger = LogFactory.getLog(KinesisLeases.class);

	private final LeaseTableItems items;

	private final ConsumerSettings settings;

	private final Predicate<String> consumedByThisWorker;

	/**
	 * Create an instance.
	 * @param dynamoDb the DynamoDB client
	 * @param settings the consumer settings, naming the lease table and the streams
	 * @param consumedByThisWorker whether this worker consumes the named stream now
	 */
	public KinesisLeases(DynamoDbAsyncClient dynamoDb, ConsumerSettings settings,
			Predicate<String> consumedByThisWorker) {
		this(new LeaseTableItems(dynamoDb), settings, consumedByThisWorker);
	}

	private KinesisLeases(LeaseTableItems items, ConsumerSettings settings, Predicate<String> consumedByThisWorker) {
		this.items = items;
		this.settings = settings;
		this.consumedByThisWorker = consumedByThisWorker;
	}

	/**
	 * Return a view of the same leases whose every DynamoDB call fails after the given
	 * time instead of waiting as long as the client does: for callers that must answer,
	 * such as the actuator.
	 * @param timeout how long one DynamoDB call may take
	 * @return the view
	 */
	public KinesisLeases withTimeout(Duration timeout) {
		return new KinesisLeases(this.items.withTimeout(timeout), this.settings, this.consumedByThisWorker);
	}

	/**
	 * Return the leases of another consumer group, read and deleted the same way.
	 * @param group the settings of the group's container
	 * @param consumedByThisWorker whether this worker consumes the named stream of the
	 * group now
	 * @return the group's leases
	 */
	public KinesisLeases forGroup(ConsumerSettings group, Predicate<String> consumedByThisWorker) {
		return new KinesisLeases(this.items, group, consumedByThisWorker);
	}

	/**
	 * Return the name of the lease table.
	 * @return the lease table, which is the application name
	 */
	public String getLeaseTable() {
		return this.settings.applicationName();
	}

	/**
	 * List every lease of the application.
	 * @return the leases
	 */
	public List<KinesisLease> list() {
		return this.items.leases(getLeaseTable(), this.settings.streamNames().get(0));
	}

	/**
	 * List the leases of one stream.
	 * @param stream the stream name
	 * @return the stream's leases
	 */
	public List<KinesisLease> list(String stream) {
		return list().stream().filter((lease) -> lease.stream().equals(stream)).toList();
	}

	/**
	 * Delete the leases of one stream.
	 * @param stream the stream name
	 * @return how many leases were deleted
	 * @throws IllegalStateException if this worker consumes the stream
	 */
	public int deleteForStream(String stream) {
		refuseWhileConsumed(stream);
		return delete(list(stream));
	}

	/**
	 * Delete every lease of the application.
	 * @return how many leases were deleted
	 * @throws IllegalStateException if this worker consumes any of the streams
	 */
	public int deleteAll() {
		List<KinesisLease> leases = list();
		leases.stream().map(KinesisLease::stream).distinct().forEach(this::refuseWhileConsumed);
		return delete(leases);
	}

	private void refuseWhileConsumed(String stream) {
		if (this.consumedByThisWorker.test(stream)) {
			throw new IllegalStateException("Cannot delete the leases of stream '" + stream
					+ "' while this worker consumes it: stop its listener container first");
		}
	}

	private int delete(List<KinesisLease> leases) {
		this.items.delete(getLeaseTable(), leases);
		logger.info(LogMessage.format("Deleted %d leases from %s", leases.size(), getLeaseTable()));
		return leases.size();
	}

}
