package io.github.kinetic.container;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Tracks how far a shard has been processed and writes checkpoints through KCL, retrying
 * throttled or failed writes a few times. Notices when the lease is lost, after which it
 * writes nothing.
 */
final class ShardCheckpointer {

	private static final Log logger = LogFactory.getLog(ShardCheckpointer.class);

	private static final int ATTEMPTS = 5;

	private final String streamName;

	private final String shardId;

	private final ContainerStopSignal stopSignal;

	private @Nullable RecordProcessorCheckpointer checkpointer;

	private @Nullable KinesisClientRecord processed;

	private @Nullable KinesisClientRecord checkpointed;

	private volatile boolean leaseLost;

	ShardCheckpointer(String streamName, String shardId, ContainerStopSignal stopSignal) {
		this.streamName = streamName;
		this.shardId = shardId;
		this.stopSignal = stopSignal;
	}

	/**
	 * Use the checkpointer KCL handed the current call.
	 */
	void use(RecordProcessorCheckpointer checkpointer) {
		this.checkpointer = checkpointer;
	}

	/**
	 * Remember that every record up to this one was processed, without writing it.
	 */
	void markProcessed(KinesisClientRecord record) {
		this.processed = record;
	}

	/**
	 * Whether records were processed since the last checkpoint.
	 */
	boolean hasUncheckpointed() {
		return this.processed != null && this.processed != this.checkpointed;
	}

	/**
	 * Checkpoint every processed record, if not done yet.
	 * @return whether the shard is checkpointed up to the last processed record
	 */
	boolean flush() {
		KinesisClientRecord record = this.processed;
		return record == null || !hasUncheckpointed() || checkpoint(record);
	}

	/**
	 * Checkpoint up to and including the given record.
	 * @return whether the checkpoint was written
	 */
	boolean checkpoint(KinesisClientRecord record) {
		RecordProcessorCheckpointer current = this.checkpointer;
		if (this.leaseLost || current == null) {
			return false;
		}
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try {
				current.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
				this.checkpointed = record;
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

	void leaseLost() {
		this.leaseLost = true;
	}

	boolean isLeaseLost() {
		return this.leaseLost;
	}

}
