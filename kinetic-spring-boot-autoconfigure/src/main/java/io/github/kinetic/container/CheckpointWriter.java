package io.github.kinetic.container;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Writes a shard's checkpoints through the KCL checkpointer of the current call, retrying
 * throttled or failed writes a few times. Notices when the lease is lost, after which it
 * writes nothing.
 */
final class CheckpointWriter {

	private static final Log logger = LogFactory.getLog(CheckpointWriter.class);

	private static final int ATTEMPTS = 5;

	private final String streamName;

	private final String shardId;

	private final ContainerStopSignal stopSignal;

	private volatile boolean leaseLost;

	CheckpointWriter(String streamName, String shardId, ContainerStopSignal stopSignal) {
		this.streamName = streamName;
		this.shardId = shardId;
		this.stopSignal = stopSignal;
	}

	/**
	 * Checkpoint up to and including the given record.
	 * @param kcl the checkpointer KCL handed the current call
	 * @param record the record
	 * @return whether the checkpoint was written
	 */
	boolean write(RecordProcessorCheckpointer kcl, KinesisClientRecord record) {
		for (int attempt = 1; attempt <= ATTEMPTS && !this.leaseLost; attempt++) {
			try {
				kcl.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
				return true;
			}
			catch (ThrottlingException | KinesisClientLibDependencyException ex) {
				logger.warn(LogMessage.format("Checkpoint of %s/%s at %s failed (attempt %d of %d)", this.streamName,
						this.shardId, record.sequenceNumber(), attempt, ATTEMPTS), ex);
				if (attempt == ATTEMPTS || !this.stopSignal.sleepUnlessStopped(100L * attempt)) {
					return false;
				}
			}
			catch (ShutdownException ex) {
				logger.info(LogMessage.format(
						"Lease of %s/%s was lost before the checkpoint at %s; "
								+ "the new owner delivers from the previous checkpoint",
						this.streamName, this.shardId, record.sequenceNumber()));
				this.leaseLost = true;
				return false;
			}
			catch (InvalidStateException | IllegalArgumentException ex) {
				logger.error(LogMessage.format("Checkpoint of %s/%s at %s failed", this.streamName, this.shardId,
						record.sequenceNumber()), ex);
				return false;
			}
		}
		return false;
	}

	/**
	 * Checkpoint the end of the shard: KCL reads its child shards only once that is done.
	 * @param kcl the checkpointer KCL handed the call
	 */
	void writeShardEnd(RecordProcessorCheckpointer kcl) {
		try {
			kcl.checkpoint();
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format("Could not checkpoint the end of %s/%s", this.streamName, this.shardId), ex);
		}
	}

	void leaseLost() {
		this.leaseLost = true;
	}

	boolean isLeaseLost() {
		return this.leaseLost;
	}

}
