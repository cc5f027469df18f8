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
public final class KinesisRecordContext {

	private final String streamName;

	private final String shardId;

	private final KinesisClientRecord record;

	private final @Nullable Long millisBehindLatest;

	private final Checkpointer checkpointer;

	KinesisRecordContext(String streamName, String shardId, KinesisClientRecord record,
			@Nullable Long millisBehindLatest, Checkpointer checkpointer) {
		this.streamName = streamName;
		this.shardId = shardId;
		this.record = record;
		this.millisBehindLatest = millisBehindLatest;
		this.checkpointer = checkpointer;
	}

	/**
	 * Return the name of the stream the record was read from.
	 * @return the stream name
	 */
	public String streamName() {
		return this.streamName;
	}

	/**
	 * Return the id of the shard the record was read from.
	 * @return the shard id
	 */
	public String shardId() {
		return this.shardId;
	}

	/**
	 * Return the record itself, with its original data.
	 * @return the record
	 */
	public KinesisClientRecord record() {
		return this.record;
	}

	/**
	 * Return the record's sequence number.
	 * @return the sequence number
	 */
	public String sequenceNumber() {
		return this.record.sequenceNumber();
	}

	/**
	 * Return the record's sub-sequence number: its position within an aggregated (KPL)
	 * record, {@code 0} otherwise.
	 * @return the sub-sequence number
	 */
	public long subSequenceNumber() {
		return this.record.subSequenceNumber();
	}

	/**
	 * Return the record's partition key.
	 * @return the partition key
	 */
	public String partitionKey() {
		return this.record.partitionKey();
	}

	/**
	 * Return when Kinesis received the record, approximately.
	 * @return the arrival time, or {@code null} if unknown
	 */
	public @Nullable Instant approximateArrivalTimestamp() {
		return this.record.approximateArrivalTimestamp();
	}

	/**
	 * Return how far behind the tip of the shard the batch this record came in was read.
	 * @return the lag in milliseconds, or {@code null} if KCL did not report it
	 */
	public @Nullable Long millisBehindLatest() {
		return this.millisBehindLatest;
	}

	/**
	 * Return the checkpointer of this call; {@link Checkpointer#checkpoint()} checkpoints
	 * up to and including this record. Usable in {@link CheckpointMode#MANUAL} mode only.
	 * @return the checkpointer
	 */
	public Checkpointer checkpointer() {
		return this.checkpointer;
	}

}
