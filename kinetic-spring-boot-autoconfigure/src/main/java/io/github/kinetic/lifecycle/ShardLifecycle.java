package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.processor.ShardRecordProcessor;

/**
 * What one running scheduler of a container adds around the record processor of each
 * shard: pauses, shard events and idle events.
 *
 * @param events publishes the container's events
 * @param pauses the paused listeners and shards
 * @param idleEventInterval how long a shard may go without records before a
 * {@link io.github.kinetic.event.ListenerIdleEvent}, or {@code null} for no idle events
 * @param stopping whether the container is stopping
 * @param leaseHeld whether this worker still holds the lease of a shard (stream, shard
 * id)
 * @param nanoTime the clock
 */
record ShardLifecycle(ContainerEvents events, ListenerPauses pauses, @Nullable Duration idleEventInterval,
		BooleanSupplier stopping, BiPredicate<String, String> leaseHeld,
		LongSupplier nanoTime) implements ContainerLifecycle.ShardProcessorWrapper {

	@Override
	public ShardRecordProcessor wrap(ShardRecordProcessor delegate, String listenerId, String stream) {
		return new ShardLifecycleProcessor(delegate, listenerId, stream, this);
	}

}
