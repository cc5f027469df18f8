package io.github.kinetic.listener;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Where the records handed to a batch listener come from. Declare a parameter of this
 * type next to the {@code List} parameter to receive it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface KinesisBatchContext {

	/**
	 * Return the name of the stream the records were read from.
	 * @return the stream name
	 */
	String streamName();

	/**
	 * Return the id of the shard the records were read from.
	 * @return the shard id
	 */
	String shardId();

	/**
	 * Return the records of this call, in shard order, with their original data; element
	 * {@code i} is the record of element {@code i} of the listener's list.
	 * @return the records
	 */
	List<KinesisClientRecord> records();

	/**
	 * Return the sequence number of the first record of this call.
	 * @return the first sequence number
	 */
	default String firstSequenceNumber() {
		return records().get(0).sequenceNumber();
	}

	/**
	 * Return the sequence number of the last record of this call.
	 * @return the last sequence number
	 */
	default String lastSequenceNumber() {
		return records().get(records().size() - 1).sequenceNumber();
	}

	/**
	 * Return when Kinesis received the first (oldest) record of this call, approximately.
	 * Each record's own time is on {@link #records()}.
	 * @return the arrival time, or {@code null} if unknown
	 */
	default @Nullable Instant approximateArrivalTimestamp() {
		return records().get(0).approximateArrivalTimestamp();
	}

	/**
	 * Return how far behind the tip of the shard this batch was read.
	 * @return the lag in milliseconds, or {@code null} if KCL did not report it
	 */
	@Nullable Long millisBehindLatest();

	/**
	 * Return the checkpointer of this call; {@link Checkpointer#checkpoint()} checkpoints
	 * up to and including the last record of the call. Usable in
	 * {@link CheckpointMode#MANUAL} mode only.
	 * @return the checkpointer
	 */
	Checkpointer checkpointer();

}
