package io.github.kinetic.event;

import java.util.List;

/**
 * A shard was read to its end (it was split or merged) and its last record processed; its
 * child shards are consumed next.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ShardEndedEvent extends ShardEvent {

	private final List<String> childShardIds;

	public ShardEndedEvent(Object source, String applicationName, String listenerId, String stream, String shardId,
			List<String> childShardIds) {
		super(source, applicationName, listenerId, stream, shardId);
		this.childShardIds = List.copyOf(childShardIds);
	}

	/**
	 * Return the ids of the shards that continue this one, as Kinesis reported them with
	 * its last records.
	 * @return the child shard ids; empty if Kinesis reported none
	 */
	public List<String> getChildShardIds() {
		return this.childShardIds;
	}

}
