package io.github.kinetic.event;

import java.util.List;

/**
 * An event about one shard as a listener consumes it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public abstract class ShardEvent extends KinesisListenerEvent {

	private final String listenerId;

	private final String stream;

	private final String shardId;

	protected ShardEvent(Object source, String applicationName, String listenerId, String stream, String shardId) {
		super(source, applicationName, List.of(stream));
		this.listenerId = listenerId;
		this.stream = stream;
		this.shardId = shardId;
	}

	/**
	 * Return the id of the listener that consumes the shard.
	 * @return the listener id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the stream of the shard.
	 * @return the stream name
	 */
	public String getStream() {
		return this.stream;
	}

	/**
	 * Return the shard id.
	 * @return the shard id
	 */
	public String getShardId() {
		return this.shardId;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[application=" + getApplicationName() + ", listener=" + this.listenerId
				+ ", shard=" + this.stream + "/" + this.shardId + "]";
	}

}
