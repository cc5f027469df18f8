package io.github.kinetic.container;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.kinetic.listener.CheckpointMode;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * When a shard's progress is checkpointed, one implementation per {@link CheckpointMode}.
 * Each hears of the records the listener processed and of the moments a checkpoint may be
 * due, and decides whether to write one through its {@link ShardCheckpointer}.
 */
abstract class CheckpointStrategy implements DeliveryProgress {

	protected final ShardCheckpointer checkpointer;

	private CheckpointStrategy(ShardCheckpointer checkpointer) {
		this.checkpointer = checkpointer;
	}

	static CheckpointStrategy create(CheckpointMode mode, Duration interval, ShardCheckpointer checkpointer,
			LongSupplier nanoTime) {
		return switch (mode) {
			case BATCH -> new AfterBatch(checkpointer);
			case RECORD -> new AfterRecord(checkpointer);
			case MANUAL -> new Manual(checkpointer);
			case PERIODIC -> new Periodic(checkpointer, interval, nanoTime);
		};
	}

	@Override
	public void processed(KinesisClientRecord record) {
		this.checkpointer.markProcessed(record);
	}

	@Override
	public void checkpoint(KinesisClientRecord record) {
		throw new IllegalStateException("Checkpointing through the context is for CheckpointMode.MANUAL only");
	}

	/**
	 * The listener failed; what it processed before the failed record may be
	 * checkpointed, nothing after.
	 */
	void afterFailure() {
		this.checkpointer.flush();
	}

	/**
	 * Every record of the batch KCL delivered was processed or recovered.
	 */
	void afterBatch() {
		this.checkpointer.flush();
	}

	/**
	 * The shard's processor is shutting down and keeps its lease until it returns.
	 */
	void beforeShutdown() {
		this.checkpointer.flush();
	}

	private static final class AfterBatch extends CheckpointStrategy {

		AfterBatch(ShardCheckpointer checkpointer) {
			super(checkpointer);
		}

	}

	private static final class AfterRecord extends CheckpointStrategy {

		AfterRecord(ShardCheckpointer checkpointer) {
			super(checkpointer);
		}

		@Override
		public void processed(KinesisClientRecord record) {
			super.processed(record);
			this.checkpointer.flush();
		}

	}

	private static final class Manual extends CheckpointStrategy {

		Manual(ShardCheckpointer checkpointer) {
			super(checkpointer);
		}

		@Override
		public void checkpoint(KinesisClientRecord record) {
			if (!this.checkpointer.checkpoint(record)) {
				throw new IllegalStateException("Could not checkpoint at " + record.sequenceNumber()
						+ "; the records after the last checkpoint will be delivered again");
			}
		}

		@Override
		void afterFailure() {
		}

		@Override
		void afterBatch() {
		}

		@Override
		void beforeShutdown() {
		}

	}

	private static final class Periodic extends CheckpointStrategy {

		private final long intervalNanos;

		private final LongSupplier nanoTime;

		private long lastCheckpoint;

		Periodic(ShardCheckpointer checkpointer, Duration interval, LongSupplier nanoTime) {
			super(checkpointer);
			this.intervalNanos = interval.toNanos();
			this.nanoTime = nanoTime;
			this.lastCheckpoint = nanoTime.getAsLong();
		}

		@Override
		public void processed(KinesisClientRecord record) {
			super.processed(record);
			flushIfDue();
		}

		@Override
		void afterBatch() {
			flushIfDue();
		}

		@Override
		void beforeShutdown() {
			this.checkpointer.flush();
		}

		private void flushIfDue() {
			long now = this.nanoTime.getAsLong();
			if (now - this.lastCheckpoint >= this.intervalNanos && this.checkpointer.hasUncheckpointed()) {
				if (this.checkpointer.flush()) {
					this.lastCheckpoint = now;
				}
			}
		}

	}

}
