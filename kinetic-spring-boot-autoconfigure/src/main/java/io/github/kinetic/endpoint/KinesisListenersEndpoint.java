package io.github.kinetic.endpoint;

import java.util.List;

import io.github.kinetic.container.ContainerStartupException;
import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerContainer.OwnedShard;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.KinesisListenerHandle;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows each {@code @KinesisListener}: its application
 * name, streams, state, and the shards this worker holds for it with their lag.
 * <p>
 * The id is {@value #ID}; over HTTP it is served at {@value #PATH} (see
 * {@link KineticEndpointPathMapper}).
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Endpoint(id = KinesisListenersEndpoint.ID)
public class KinesisListenersEndpoint {

	/**
	 * The endpoint id, as used in {@code management.endpoints.web.exposure.include}.
	 */
	public static final String ID = "kinesislisteners";

	/**
	 * The path of the endpoint under the actuator base path.
	 */
	public static final String PATH = "kinesis-listeners";

	private final KinesisListenerEndpointRegistry registry;

	/**
	 * Create an endpoint.
	 * @param registry the registry of listeners
	 */
	public KinesisListenersEndpoint(KinesisListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@ReadOperation
	public ListenersDescriptor listeners() {
		return new ListenersDescriptor(this.registry.getListeners().stream().map(this::describe).toList());
	}

	@ReadOperation
	public @Nullable ListenerDescriptor listener(@Selector String id) {
		KinesisListenerHandle handle = this.registry.getListener(id);
		return (handle != null) ? describe(handle) : null;
	}

	protected final KinesisListenerEndpointRegistry getRegistry() {
		return this.registry;
	}

	protected final ListenerDescriptor describe(KinesisListenerHandle handle) {
		// the container of the listener's own application name: another one may consume
		// the same stream for a listener of another consumer group
		KinesisListenerContainer groupContainer = this.registry.getListenerContainer(handle.getApplicationName());
		List<ShardDescriptor> shards = ((groupContainer != null) ? groupContainer.getOwnedShards()
				: List.<OwnedShard>of())
			.stream()
			.filter((shard) -> handle.getStreams().contains(shard.stream()))
			.map((shard) -> describe(handle, shard))
			.toList();
		KinesisListenerContainer container = this.registry.getListenerContainerOf(handle.getId());
		Throwable startupFailure = (container != null) ? container.getStartupFailure() : null;
		State state = (startupFailure != null) ? State.FAILED : state(handle);
		return new ListenerDescriptor(handle.getId(), handle.getApplicationName(), handle.getStreams(), state, shards,
				(startupFailure != null) ? ContainerStartupException.describe(startupFailure) : null);
	}

	private static ShardDescriptor describe(KinesisListenerHandle handle, OwnedShard shard) {
		return new ShardDescriptor(shard.stream(), shard.shardId(), shard.millisBehindLatest(),
				handle.isPaused(shard.stream(), shard.shardId()));
	}

	private static State state(KinesisListenerHandle handle) {
		if (!handle.isRunning()) {
			return State.STOPPED;
		}
		return handle.isPaused() ? State.PAUSED : State.RUNNING;
	}

	/**
	 * The state of a listener.
	 */
	public enum State {

		/**
		 * Its streams are consumed and delivered to it.
		 */
		RUNNING,

		/**
		 * Its shards are held, nothing is delivered to it.
		 */
		PAUSED,

		/**
		 * Its streams are not consumed by this worker.
		 */
		STOPPED,

		/**
		 * Its container could not start (see {@code kinetic.startup-failure}); it is
		 * retrying or waits to be started again.
		 */
		FAILED

	}

	/**
	 * Every listener of the application.
	 *
	 * @param listeners the listeners
	 */
	public record ListenersDescriptor(List<ListenerDescriptor> listeners) implements OperationResponseBody {

	}

	/**
	 * One listener.
	 *
	 * @param id the listener id
	 * @param applicationName the application name (consumer group) it consumes as
	 * @param streams its streams
	 * @param state its state
	 * @param ownedShards the shards of its streams whose leases this worker holds
	 * @param startupFailure why its container could not start, when it is
	 * {@link State#FAILED}
	 */
	public record ListenerDescriptor(String id, String applicationName, List<String> streams, State state,
			List<ShardDescriptor> ownedShards, @Nullable String startupFailure) implements OperationResponseBody {

	}

	/**
	 * A shard this worker holds for a listener.
	 *
	 * @param stream the stream
	 * @param shardId the shard id
	 * @param millisBehindLatest how far its last batch was behind the tip of the shard,
	 * when known
	 * @param paused whether the shard, or the whole listener, is paused
	 */
	public record ShardDescriptor(String stream, String shardId, @Nullable Long millisBehindLatest, boolean paused) {

	}

}
