package io.github.kinetic.event;

import java.time.Duration;

/**
 * A listener received no record of a shard for
 * {@code kinetic.listener.idle-event-interval}; published again each time that interval
 * passes without a record.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ListenerIdleEvent extends ShardEvent {

	private final Duration idleTime;

	public ListenerIdleEvent(Object source, String applicationName, String listenerId, String stream, String shardId,
			Duration idleTime) {
		super(source, applicationName, listenerId, stream, shardId);
		this.idleTime = idleTime;
	}

	/**
	 * Return how long the shard has had no record for the listener.
	 * @return the idle time
	 */
	public Duration getIdleTime() {
		return this.idleTime;
	}

}
