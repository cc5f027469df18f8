package io.github.kinetic.listener;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Where the record handed to a single-record listener comes from. Declare a parameter of
 * this type next to the payload parameter to receive it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface KinesisRecordContext {

	/**
	 * Return the name of the stream the record was read from.
	 * @return the stream name
	 */
	String streamName();

	/**
	 * Return the id of the shard the record was read from.
	 * @return the shard id
	 */
	String shardId();

	/**
	 * Return the record itself, with its original data.
	 * @return the record
	 */
	KinesisClientRecord record();

	/**
	 * Return the record's sequence number.
	 * @return the sequence number
	 */
	default String sequenceNumber() {
		return record().sequenceNumber();
	}

	/**
	 * Return the record's sub-sequence number: its position within an aggregated (KPL)
	 * record, {@code 0} otherwise.
	 * @return the sub-sequence number
	 */
	default long subSequenceNumber() {
		return record().subSequenceNumber();
	}

	/**
	 * Return the record's partition key.
	 * @return the partition key
	 */
	default String partitionKey() {
		return record().partitionKey();
	}

	/**
	 * Return when Kinesis received the record, approximately.
	 * @return the arrival time, or {@code null} if unknown
	 */
	default @Nullable Instant approximateArrivalTimestamp() {
		return record().approximateArrivalTimestamp();
	}

	/**
	 * Return how far behind the tip of the shard the batch this record came in was read.
	 * @return the lag in milliseconds, or {@code null} if KCL did not report it
	 */
	@Nullable Long millisBehindLatest();

	/**
	 * Return the checkpointer of this call; {@link Checkpointer#checkpoint()} checkpoints
	 * up to and including this record. Usable in {@link CheckpointMode#MANUAL} mode only.
	 * @return the checkpointer
	 */
	Checkpointer checkpointer();

}
