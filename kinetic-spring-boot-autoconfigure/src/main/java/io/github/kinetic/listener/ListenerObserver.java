package io.github.kinetic.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Callbacks on what the record processors of a container do, for metrics and monitoring.
 * Every method has a no-op default; implementations override what they need.
 * <p>
 * Callbacks run on KCL's processor threads, in order for any one shard, and must return
 * quickly. An exception thrown by an observer is logged and never reaches the processor.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface ListenerObserver {

	/**
	 * An observer that does nothing.
	 */
	ListenerObserver NONE = new ListenerObserver() {
	};

	/**
	 * A processor started on a shard this worker now holds.
	 * @param shard the shard
	 */
	default void shardStarted(ListenerShard shard) {
	}

	/**
	 * KCL handed the processor a batch, possibly empty.
	 * @param shard the shard
	 * @param records the number of records in the batch
	 * @param millisBehindLatest how far the batch is behind the tip of the shard, when
	 * Kinesis reported it
	 */
	default void batchReceived(ListenerShard shard, int records, @Nullable Long millisBehindLatest) {
	}

	/**
	 * The listener returned normally.
	 * @param shard the shard
	 * @param records the number of records it processed
	 * @param nanos how long the listener ran
	 */
	default void batchProcessed(ListenerShard shard, int records, long nanos) {
	}

	/**
	 * The listener threw.
	 * @param shard the shard
	 * @param recordsProcessed the records of the delivery it processed before the one it
	 * failed on
	 * @param failure what the listener threw
	 * @param nanos how long the listener ran
	 */
	default void listenerFailed(ListenerShard shard, int recordsProcessed, Throwable failure, long nanos) {
	}

	/**
	 * The processor waits, then delivers the failed records again.
	 * @param shard the shard
	 * @param attempt the number of the delivery that failed, from 1
	 * @param backOffMillis how long the processor waits before the next delivery
	 */
	default void retrying(ListenerShard shard, int attempt, long backOffMillis) {
	}

	/**
	 * A record failed its maximum attempts (at once if it could not be converted) and no
	 * recoverer is configured: the shard waits on it and delivers it again after each
	 * back-off. Called at each attempt from then on, until the record is processed,
	 * expires, is skipped by an operator, or the processor stops.
	 * @param shard the shard
	 * @param sequenceNumber the sequence number of the record
	 * @param attempts the deliveries of the record so far
	 * @param failure what the listener threw on the last of them
	 */
	default void recordBlocked(ListenerShard shard, String sequenceNumber, int attempts, Throwable failure) {
	}

	/**
	 * An operator skipped a blocked record through the actuator: it counts as processed
	 * and never reached the listener.
	 * @param shard the shard
	 * @param sequenceNumber the sequence number of the record
	 */
	default void recordSkipped(ListenerShard shard, String sequenceNumber) {
	}

	/**
	 * Records were given up on and handed to a recoverer, such as a dead-letter
	 * destination.
	 * @param shard the shard
	 * @param records the number of records
	 * @param failure the last failure of the listener on them
	 */
	default void deadLettered(ListenerShard shard, int records, Throwable failure) {
	}

	/**
	 * The record filter passed over records: they count as processed but never reached
	 * the listener.
	 * @param shard the shard
	 * @param records how many records were passed over
	 */
	default void recordsFiltered(ListenerShard shard, int records) {
	}

	/**
	 * Records were older than the listener's maximum record age when they were due for
	 * delivery or for a retry: they were handed to the recoverer or, without one,
	 * skipped; either way they count as processed and never reached the listener.
	 * @param shard the shard
	 * @param records how many records expired
	 */
	default void recordsExpired(ListenerShard shard, int records) {
	}

	/**
	 * The processor of the shard finished: the lease was lost or released, or the shard
	 * ended.
	 * @param shard the shard
	 */
	default void shardStopped(ListenerShard shard) {
	}

	/**
	 * Return an observer that calls each of the given observers in turn, and logs and
	 * swallows what they throw.
	 * @param observers the observers
	 * @return the composite observer
	 */
	static ListenerObserver composite(List<? extends ListenerObserver> observers) {
		return new CompositeListenerObserver(observers);
	}

}
