package io.github.kinetic.container;

import java.time.Duration;

import io.github.kinetic.listener.CheckpointMode;

/**
 * How listeners are checkpointed and what happens when they fail, unless a listener's
 * annotation says otherwise.
 *
 * @param checkpointMode the checkpoint mode of listeners that do not set one
 * @param checkpointInterval the shortest time between two checkpoints of a shard in
 * {@link CheckpointMode#PERIODIC} mode
 * @param failurePolicy the back-off, attempts and recoverer of every listener
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ListenerSettings(CheckpointMode checkpointMode, Duration checkpointInterval,
		FailurePolicy failurePolicy) {

}
