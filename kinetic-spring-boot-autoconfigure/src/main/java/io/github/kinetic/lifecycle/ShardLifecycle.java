package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.processor.ShardRecordProcessor;

/**
 * What one running scheduler of a container adds around the record processor of each
 * shard: pauses, shard events and idle events. Internal.
 *
 * @param events publishes the container's events
 * @param pauses the paused listeners and shards
 * @param idleEventInterval how long a shard may go without records before a
 * {@link io.github.kinetic.event.ListenerIdleEvent}, or {@code null} for no idle events
 * @param stopping whether the container is stopping
 * @param leaseHeld whether this worker still holds the lease of a shard (stream, shard
 * id)
 * @param nanoTime the clock
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ShardLifecycle(ContainerEvents events, ListenerPauses pauses, @Nullable Duration idleEventInterval,
		BooleanSupplier stopping, BiPredicate<String, String> leaseHeld, LongSupplier nanoTime) {

	/**
	 * Wrap the record processor of a shard.
	 * @param delegate the processor that delivers to the listener
	 * @param listenerId the listener id
	 * @param stream the stream
	 * @return the processor to hand to KCL
	 */
	public ShardRecordProcessor wrap(ShardRecordProcessor delegate, String listenerId, String stream) {
		return new ShardLifecycleProcessor(delegate, listenerId, stream, this);
	}

}
