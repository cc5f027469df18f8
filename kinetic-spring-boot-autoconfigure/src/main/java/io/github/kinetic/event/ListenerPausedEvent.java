package io.github.kinetic.event;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A listener, or one shard of it, was paused: nothing more is delivered to it and no
 * checkpoint moves, while this worker keeps its leases.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ListenerPausedEvent extends KinesisListenerEvent {

	private final String listenerId;

	private final @Nullable String stream;

	private final @Nullable String shardId;

	public ListenerPausedEvent(Object source, String applicationName, String listenerId, List<String> streams,
			@Nullable String stream, @Nullable String shardId) {
		super(source, applicationName, (stream != null) ? List.of(stream) : streams);
		this.listenerId = listenerId;
		this.stream = stream;
		this.shardId = shardId;
	}

	/**
	 * Return the listener id.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the stream of the shard, when one shard was paused.
	 * @return the stream, or {@code null} when the whole listener was
	 */
	public @Nullable String getStream() {
		return this.stream;
	}

	/**
	 * Return the shard id, when one shard was paused.
	 * @return the shard id, or {@code null} when the whole listener was
	 */
	public @Nullable String getShardId() {
		return this.shardId;
	}

	@Override
	public String toString() {
		return "ListenerPausedEvent[application=" + getApplicationName() + ", listener=" + this.listenerId
				+ ((this.shardId != null) ? ", shard=" + this.stream + "/" + this.shardId : "") + "]";
	}

}
