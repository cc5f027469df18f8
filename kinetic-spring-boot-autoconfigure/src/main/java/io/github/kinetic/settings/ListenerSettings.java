package io.github.kinetic.settings;

import java.time.Duration;

import io.github.kinetic.listener.CheckpointMode;

import org.springframework.util.Assert;

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

}
