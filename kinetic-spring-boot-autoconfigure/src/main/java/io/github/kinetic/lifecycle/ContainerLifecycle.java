package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What every container of an application shares for its lifecycle: where events go, the
 * paused listeners and shards, and the idle event interval. Internal.
 *
 * @param publisher publishes events
 * @param pauses the paused listeners and shards
 * @param idleEventInterval how long a shard may go without records before a
 * {@link io.github.kinetic.event.ListenerIdleEvent}, or {@code null} for no idle events
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ContainerLifecycle(ApplicationEventPublisher publisher, ListenerPauses pauses,
		@Nullable Duration idleEventInterval) {

	/**
	 * A lifecycle that publishes nothing, with no listener paused.
	 * @return the lifecycle
	 */
	public static ContainerLifecycle none() {
		return new ContainerLifecycle((event) -> {
		}, new ListenerPauses(), null);
	}

	/**
	 * Return the events of a container.
	 * @param container the container, the source of its events
	 * @param applicationName its application name
	 * @return the events
	 */
	public ContainerEvents events(Object container, String applicationName) {
		return new ContainerEvents(this.publisher, container, applicationName);
	}

	/**
	 * Return what one run of a container's scheduler adds around each shard processor.
	 * @param events the container's events
	 * @param stopping whether the container is stopping
	 * @param leaseHeld whether this worker still holds the lease of a shard (stream,
	 * shard id)
	 * @return the shard lifecycle
	 */
	public ShardLifecycle shards(ContainerEvents events, BooleanSupplier stopping,
			BiPredicate<String, String> leaseHeld) {
		return new ShardLifecycle(events, this.pauses, this.idleEventInterval, stopping, leaseHeld, System::nanoTime);
	}

}
