package io.github.kinetic.container;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.kinetic.listener.CheckpointMode;

/**
 * Decides when a shard's progress is checkpointed, one implementation per
 * {@link CheckpointMode} ({@code MANUAL} leaves every checkpoint to the listener). It
 * writes nothing: the {@link ShardSession} asks it at each moment a checkpoint may be due
 * and has the {@link CheckpointWriter} write one.
 */
abstract class CheckpointPolicy {

	private CheckpointPolicy() {
	}

	static CheckpointPolicy of(CheckpointMode mode, Duration interval, LongSupplier nanoTime) {
		return switch (mode) {
			case BATCH -> new AfterBatch();
			case RECORD -> new AfterRecord();
			case MANUAL -> new Manual();
			case PERIODIC -> new Periodic(interval, nanoTime);
		};
	}

	/**
	 * Whether to checkpoint once the listener processed a record or a run of records.
	 */
	boolean afterProcessed() {
		return false;
	}

	/**
	 * Whether to checkpoint once every record of KCL's batch was processed or recovered.
	 */
	boolean afterBatch() {
		return true;
	}

	/**
	 * Whether to checkpoint what the listener processed before the record it failed on.
	 */
	boolean afterFailure() {
		return true;
	}

	/**
	 * Whether to checkpoint while the processor shuts down, holding its lease until it
	 * returns.
	 */
	boolean beforeShutdown() {
		return true;
	}

	/**
	 * A checkpoint the policy asked for was written.
	 */
	void written() {
	}

	private static final class AfterBatch extends CheckpointPolicy {

	}

	private static final class AfterRecord extends CheckpointPolicy {

		@Override
		boolean afterProcessed() {
			return true;
		}

	}

	private static final class Manual extends CheckpointPolicy {

		@Override
		boolean afterBatch() {
			return false;
		}

		@Override
		boolean afterFailure() {
			return false;
		}

		@Override
		boolean beforeShutdown() {
			return false;
		}

	}

	private static final class Periodic extends CheckpointPolicy {

		private final long intervalNanos;

		private final LongSupplier nanoTime;

		private long lastCheckpoint;

		Periodic(Duration interval, LongSupplier nanoTime) {
			this.intervalNanos = interval.toNanos();
			this.nanoTime = nanoTime;
			this.lastCheckpoint = nanoTime.getAsLong();
		}

		@Override
		boolean afterProcessed() {
			return due();
		}

		@Override
		boolean afterBatch() {
			return due();
		}

		@Override
		void written() {
			this.lastCheckpoint = this.nanoTime.getAsLong();
		}

		private boolean due() {
			return this.nanoTime.getAsLong() - this.lastCheckpoint >= this.intervalNanos;
		}

	}

}
