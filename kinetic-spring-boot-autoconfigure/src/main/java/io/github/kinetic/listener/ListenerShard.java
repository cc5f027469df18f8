package io.github.kinetic.listener;

/**
 * One shard as a listener consumes it: the subject of every {@link ListenerObserver}
 * callback.
 *
 * @param listenerId the id of the listener that consumes the shard
 * @param stream the stream name
 * @param shardId the shard id
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ListenerShard(String listenerId, String stream, String shardId) {

}
