package io.github.kinetic.event;

/**
 * This worker took the lease of a shard and its listener starts consuming it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ShardLeaseAcquiredEvent extends ShardEvent {

	public ShardLeaseAcquiredEvent(Object source, String applicationName, String listenerId, String stream,
			String shardId) {
		super(source, applicationName, listenerId, stream, shardId);
	}

}
