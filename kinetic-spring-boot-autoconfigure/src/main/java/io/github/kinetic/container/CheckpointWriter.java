package io.github.kinetic.container;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Writes a shard's checkpoints through the KCL checkpointer of the current call, retrying
 * throttled or failed writes a few times and otherwise leaving them for the next one.
 * Notices when the lease is lost, after which it writes nothing.
 */
final class CheckpointWriter {

	private static final Log logger = LogFactory.getLog(CheckpointWriter.class);

	private static final int ATTEMPTS = 5;

	private final String streamName;

	private final String shardId;

	private final ContainerStopSignal stopSignal;

	private volatile boolean leaseLost;

	private int failedAttempts;

	private @Nullable Instant failingSince;

	CheckpointWriter(String streamName, String shardId, ContainerStopSignal stopSignal) {
		this.streamName = streamName;
		this.shardId = shardId;
		this.stopSignal = stopSignal;
	}

	/**
	 * Checkpoint up to and including the given record. A write that keeps failing is left
	 * for the next checkpoint and never thrown: KCL would log the records' payloads, call
	 * the batch skipped and hand over the next one. While DynamoDB is unreachable only
	 * the first failure is logged at WARN, and one line at INFO once a checkpoint is
	 * written again.
	 * @param kcl the checkpointer KCL handed the current call
	 * @param record the record
	 * @return whether the checkpoint was written
	 */
	boolean write(RecordProcessorCheckpointer kcl, KinesisClientRecord record) {
		for (int attempt = 1; attempt <= ATTEMPTS && !this.leaseLost; attempt++) {
			try {
				kcl.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
				writtenAgain(record);
				return true;
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
			catch (RuntimeException ex) {
				// KCL's ThrottlingException and KinesisClientLibDependencyException, and
				// whatever else DynamoDB's client throws while it cannot be reached
				failed(record, attempt, ex);
				if (attempt == ATTEMPTS || !this.stopSignal.sleepUnlessStopped(100L * attempt)) {
					return false;
				}
			}
		}
		return false;
	}

	private void failed(KinesisClientRecord record, int attempt, Exception ex) {
		this.failedAttempts++;
		if (this.failedAttempts == 1) {
			this.failingSince = Instant.now();
			logger.warn(LogMessage.format(
					"Checkpoint of %s/%s at %s failed: %s; retrying, and leaving it for the next checkpoint"
							+ " if it keeps failing (further failures are logged at DEBUG)",
					this.streamName, this.shardId, record.sequenceNumber(), describe(ex)));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(LogMessage.format("Checkpoint of %s/%s at %s failed (attempt %d): %s", this.streamName,
					this.shardId, record.sequenceNumber(), attempt, describe(ex)), ex);
		}
	}

	private void writtenAgain(KinesisClientRecord record) {
		if (this.failedAttempts > 0) {
			logger.info(LogMessage.format("Checkpoint of %s/%s written again at %s after %d failed attempts since %s",
					this.streamName, this.shardId, record.sequenceNumber(), this.failedAttempts, this.failingSince));
			this.failedAttempts = 0;
			this.failingSince = null;
		}
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? ex.getClass().getSimpleName() + ": " + ex.getMessage() : ex.getClass().getSimpleName()
				+ " caused by " + root.getClass().getSimpleName() + ": " + root.getMessage();
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
