package io.github.kinetic.listener;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Checkpoints a shard from within a listener call, for listeners in
 * {@link CheckpointMode#MANUAL} mode. It writes the checkpoint at once, on the calling
 * thread; call it only while the listener call that received it runs.
 *
 * @author kinetic contributors
 * @since 0.1.0
 * @see KinesisRecordContext#checkpointer()
 * @see KinesisBatchContext#checkpointer()
 */
public interface Checkpointer {

	/**
	 * Checkpoint every record delivered to this listener call.
	 * @throws IllegalStateException if the listener is not in {@code MANUAL} mode, or the
	 * checkpoint could not be written (for instance because the shard's lease was lost);
	 * the records are then delivered again later
	 */
	void checkpoint();

	/**
	 * Checkpoint the shard up to and including the given record.
	 * @param record one of the records delivered to this listener call
	 * @throws IllegalArgumentException if the record was not delivered to this call
	 * @throws IllegalStateException if the listener is not in {@code MANUAL} mode, or the
	 * checkpoint could not be written
	 */
	void checkpoint(KinesisClientRecord record);

}
