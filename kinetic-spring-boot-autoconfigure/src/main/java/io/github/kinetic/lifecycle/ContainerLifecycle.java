package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.processor.ShardRecordProcessor;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * What every container of a factory shares for its lifecycle, and the one way into this
 * package: where events go, the paused listeners and shards, the shards blocked on a
 * record, and the idle event interval. Internal: used by the {@code container} package.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class ContainerLifecycle {

	private final ApplicationEventPublisher publisher;

	private final @Nullable Duration idleEventInterval;

	private final ListenerPauses pauses;

	private final BlockedShards blockedShards;

	private final @Nullable ContainerEvents events;

	private ContainerLifecycle(ApplicationEventPublisher publisher, @Nullable Duration idleEventInterval,
			ListenerPauses pauses, BlockedShards blockedShards, @Nullable ContainerEvents events) {
		this.publisher = publisher;
		this.idleEventInterval = idleEventInterval;
		this.pauses = pauses;
		this.blockedShards = blockedShards;
		this.events = events;
	}

	/**
	 * A lifecycle that publishes nothing, with no idle events, no listener paused and no
	 * shard blocked.
	 * @return the lifecycle
	 */
	public static ContainerLifecycle none() {
		return new ContainerLifecycle((event) -> {
		}, null, new ListenerPauses(), new BlockedShards(), null);
	}

	/**
	 * Return this lifecycle publishing its events to another publisher, with the same
	 * pauses and blocked shards.
	 * @param publisher publishes events
	 * @return the lifecycle
	 */
	public ContainerLifecycle publishingTo(ApplicationEventPublisher publisher) {
		return new ContainerLifecycle(publisher, this.idleEventInterval, this.pauses, this.blockedShards, null);
	}

	/**
	 * Return this lifecycle with another idle event interval, with the same pauses and
	 * blocked shards.
	 * @param idleEventInterval how long a shard may go without records before a
	 * {@link io.github.kinetic.event.ListenerIdleEvent}, or {@code null} for no idle
	 * events
	 * @return the lifecycle
	 */
	public ContainerLifecycle withIdleEventInterval(@Nullable Duration idleEventInterval) {
		return new ContainerLifecycle(this.publisher, idleEventInterval, this.pauses, this.blockedShards, null);
	}

	/**
	 * Return this lifecycle as one container's: its events have the container as their
	 * source and carry its application name.
	 * @param container the container
	 * @param applicationName its application name
	 * @return the container's lifecycle
	 */
	public ContainerLifecycle forContainer(Object container, String applicationName) {
		return new ContainerLifecycle(this.publisher, this.idleEventInterval, this.pauses, this.blockedShards,
				new ContainerEvents(this.publisher, container, applicationName));
	}

	/**
	 * Publish that the container started consuming.
	 * @param streams the streams it consumes
	 * @param listenerIds the ids of its listeners
	 */
	public void containerStarted(List<String> streams, List<String> listenerIds) {
		containerEvents().started(streams, listenerIds);
	}

	/**
	 * Publish that the container stopped.
	 * @param streams the streams it consumed
	 * @param listenerIds the ids of its listeners
	 */
	public void containerStopped(List<String> streams, List<String> listenerIds) {
		containerEvents().stopped(streams, listenerIds);
	}

	/**
	 * Publish that the container failed to start.
	 * @param streams the streams it was to consume
	 * @param failure why
	 * @param retryIn when it tries again, or {@code null} if it does not
	 */
	public void containerStartupFailed(List<String> streams, Throwable failure, @Nullable Duration retryIn) {
		containerEvents().startupFailed(streams, failure, retryIn);
	}

	private ContainerEvents containerEvents() {
		Assert.state(this.events != null, "Not the lifecycle of a container: call forContainer first");
		return this.events;
	}

	/**
	 * Return what one run of a container's scheduler adds around each shard processor:
	 * pauses, shard events and idle events.
	 * @param stopping whether the container is stopping
	 * @param leaseHeld whether this worker still holds the lease of a shard (stream,
	 * shard id)
	 * @return the wrapper of each shard's processor
	 */
	public ShardProcessorWrapper shards(BooleanSupplier stopping, BiPredicate<String, String> leaseHeld) {
		return new ShardLifecycle(containerEvents(), this.pauses, this.idleEventInterval, stopping, leaseHeld,
				System::nanoTime);
	}

	/**
	 * Pause a listener.
	 * @param listenerId the listener id
	 * @return whether it was running before
	 */
	public boolean pause(String listenerId) {
		return this.pauses.pause(listenerId);
	}

	/**
	 * Resume a listener; its paused shards stay paused.
	 * @param listenerId the listener id
	 * @return whether it was paused before
	 */
	public boolean resume(String listenerId) {
		return this.pauses.resume(listenerId);
	}

	/**
	 * Pause one shard of a listener.
	 * @param shard the listener's shard
	 * @return whether the shard was not paused before
	 */
	public boolean pause(ListenerShard shard) {
		return this.pauses.pause(shard.listenerId(), shard.stream(), shard.shardId());
	}

	/**
	 * Resume one shard of a listener.
	 * @param shard the listener's shard
	 * @return whether the shard was paused before
	 */
	public boolean resume(ListenerShard shard) {
		return this.pauses.resume(shard.listenerId(), shard.stream(), shard.shardId());
	}

	/**
	 * Whether the listener as a whole is paused.
	 * @param listenerId the listener id
	 * @return whether it is paused
	 */
	public boolean isPaused(String listenerId) {
		return this.pauses.isPaused(listenerId);
	}

	/**
	 * Whether the shard gets no records: it, or its whole listener, is paused.
	 * @param shard the listener's shard
	 * @return whether it is paused
	 */
	public boolean isPaused(ListenerShard shard) {
		return this.pauses.isPaused(shard.listenerId(), shard.stream(), shard.shardId());
	}

	/**
	 * Wake paused shards so that they check again whether to go on, such as when their
	 * container stops.
	 */
	public void wakePausedShards() {
		this.pauses.wake();
	}

	/**
	 * Return the observer that keeps track of blocked shards, to be fed by every record
	 * processor.
	 * @return the observer
	 */
	public ListenerObserver blockedShardTracker() {
		return this.blockedShards;
	}

	/**
	 * Return the shards blocked on a record.
	 * @return the blocked shards, by listener, stream and shard id
	 */
	public List<BlockedShard> blockedShards() {
		return this.blockedShards.blockedShards();
	}

	/**
	 * Ask for the record a shard waits on to be skipped at its next attempt. Only that
	 * record is skipped: if the shard has moved on by then, nothing is.
	 * @param shard the listener's shard
	 * @return the blocked shard, or {@code null} if it is not blocked
	 */
	public @Nullable BlockedShard requestSkip(ListenerShard shard) {
		return this.blockedShards.requestSkip(shard.listenerId(), shard.stream(), shard.shardId());
	}

	/**
	 * Whether an operator asked to skip the record a shard waits on.
	 * @param shard the shard
	 * @param sequenceNumber the sequence number of the record
	 * @return whether to skip it
	 */
	public boolean isSkipRequested(ListenerShard shard, String sequenceNumber) {
		return this.blockedShards.isSkipRequested(shard, sequenceNumber);
	}

	/**
	 * Wraps the record processor of each shard of one scheduler run.
	 */
	@FunctionalInterface
	public interface ShardProcessorWrapper {

		/**
		 * Wrap the record processor of a shard.
		 * @param delegate the processor that delivers to the listener
		 * @param listenerId the listener id
		 * @param stream the stream
		 * @return the processor to hand to KCL
		 */
		ShardRecordProcessor wrap(ShardRecordProcessor delegate, String listenerId, String stream);

	}

}
