package io.github.kinetic.event;

/**
 * This worker lost the lease of a shard (another worker took it, or it could not be
 * renewed in time): its listener gets no more records of the shard, and what was not
 * checkpointed is delivered again by the next owner.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ShardLeaseLostEvent extends ShardEvent {

	public ShardLeaseLostEvent(Object source, String applicationName, String listenerId, String stream,
			String shardId) {
		super(source, applicationName, listenerId, stream, shardId);
	}

}
