package io.github.kinetic.container;

import java.time.Duration;

import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;

/**
 * A listener as bound to its streams: how it is called, when its progress is
 * checkpointed, and what happens when it fails.
 *
 * @param invoker calls the listener method
 * @param checkpointMode when progress is checkpointed
 * @param checkpointInterval the shortest time between two checkpoints in
 * {@link CheckpointMode#PERIODIC} mode
 * @param failurePolicy the back-off, attempts and recoverer
 * @param filter the records the listener is given, or {@code null} for all of them
 * @param concurrency how many groups of partition keys of one shard run at once
 * @param lifecycle where operators ask for a blocked record to be skipped
 */
record ListenerBinding(ListenerMethodInvoker invoker, CheckpointMode checkpointMode, Duration checkpointInterval,
		FailurePolicy failurePolicy, @Nullable KinesisRecordFilter filter, KeyConcurrency concurrency,
		ContainerLifecycle lifecycle) {

	String listenerId() {
		return this.invoker.endpoint().id();
	}

}
