package io.github.kinetic.container;

import io.github.kinetic.listener.CheckpointMode;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What a {@link ListenerMethodInvoker} reports while it delivers a batch: each record (or
 * run of records) the listener processed, and the checkpoints a listener in
 * {@link CheckpointMode#MANUAL} mode asks for.
 */
interface DeliveryProgress {

	/**
	 * The listener processed every record of the batch up to and including this one.
	 * @param record the last processed record
	 */
	void processed(KinesisClientRecord record);

	/**
	 * The listener asked to checkpoint up to and including this record.
	 * @param record the record
	 * @throws IllegalStateException if the checkpoint could not be written
	 */
	void checkpoint(KinesisClientRecord record);

}
