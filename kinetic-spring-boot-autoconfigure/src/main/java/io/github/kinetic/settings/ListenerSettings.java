package io.github.kinetic.settings;

import java.time.Duration;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * How listeners are checkpointed and what happens when they fail, unless a listener's
 * annotation says otherwise.
 *
 * @param checkpointMode the checkpoint mode of listeners that do not set one
 * @param checkpointInterval the shortest time between two checkpoints of a shard in
 * {@link CheckpointMode#PERIODIC} mode
 * @param failurePolicy the back-off, attempts and recoverer of every listener
 * @param concurrency how many groups of partition keys of one shard a listener may
 * process at once; 1 processes a shard's records one after the other
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ListenerSettings(CheckpointMode checkpointMode, Duration checkpointInterval, FailurePolicy failurePolicy,
		int concurrency) {

	public ListenerSettings {
		Assert.isTrue(concurrency >= 1, "concurrency must be at least 1");
	}

	/**
	 * Create settings that process each shard's records one after the other.
	 * @param checkpointMode the checkpoint mode of listeners that do not set one
	 * @param checkpointInterval the shortest time between two checkpoints of a shard in
	 * {@link CheckpointMode#PERIODIC} mode
	 * @param failurePolicy the back-off, attempts and recoverer of every listener
	 */
	public ListenerSettings(CheckpointMode checkpointMode, Duration checkpointInterval, FailurePolicy failurePolicy) {
		this(checkpointMode, checkpointInterval, failurePolicy, 1);
	}

	/**
	 * What happens when a listener fails: the back-off between deliveries of the failed
	 * records, and after how many deliveries a recoverer takes a record.
	 *
	 * @param backOff the back-off between two deliveries of a failed record
	 * @param maxAttempts how many deliveries of a record, the first included, before the
	 * recoverer takes it
	 * @param recoverer the recoverer, or {@code null} to retry until the listener
	 * succeeds
	 * @param maxRecordAge the age past which a record due for delivery or for a retry is
	 * handed to the recoverer, or skipped without one, instead of being delivered;
	 * {@code null} to deliver records of any age
	 * @param bisectOnFailure whether a batch that a batch listener fails on without
	 * naming the failing record is split in halves, delivered again, down to the failing
	 * record
	 */
	public record FailurePolicy(BackOff backOff, int maxAttempts, @Nullable KinesisRecordRecoverer recoverer,
			@Nullable Duration maxRecordAge, boolean bisectOnFailure) {

		public FailurePolicy {
			Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
			Assert.isTrue(maxRecordAge == null || (!maxRecordAge.isNegative() && !maxRecordAge.isZero()),
					"maxRecordAge must be positive");
		}

		/**
		 * Create a policy that does not split failing batches.
		 * @param backOff the back-off between two deliveries of a failed record
		 * @param maxAttempts how many deliveries of a record, the first included, before
		 * the recoverer takes it
		 * @param recoverer the recoverer, or {@code null} to retry until the listener
		 * succeeds
		 * @param maxRecordAge the age past which a record is not delivered, or
		 * {@code null}
		 */
		public FailurePolicy(BackOff backOff, int maxAttempts, @Nullable KinesisRecordRecoverer recoverer,
				@Nullable Duration maxRecordAge) {
			this(backOff, maxAttempts, recoverer, maxRecordAge, false);
		}

		/**
		 * Create a policy that delivers records of any age.
		 * @param backOff the back-off between two deliveries of a failed record
		 * @param maxAttempts how many deliveries of a record, the first included, before
		 * the recoverer takes it
		 * @param recoverer the recoverer, or {@code null} to retry until the listener
		 * succeeds
		 */
		public FailurePolicy(BackOff backOff, int maxAttempts, @Nullable KinesisRecordRecoverer recoverer) {
			this(backOff, maxAttempts, recoverer, null);
		}

	}

}
