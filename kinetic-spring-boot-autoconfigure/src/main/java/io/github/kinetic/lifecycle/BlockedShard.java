package io.github.kinetic.lifecycle;

import java.time.Instant;

/**
 * A shard whose listener keeps failing on one record with no recoverer to take it: the
 * shard waits on that record.
 *
 * @param listenerId the listener id
 * @param stream the stream
 * @param shardId the shard id
 * @param sequenceNumber the sequence number of the record the shard waits on
 * @param since when the record failed its maximum attempts
 * @param attempts the deliveries of the record so far
 * @param failure the class and message of what the listener threw last
 * @param skipRequested whether an operator asked to skip the record, which happens at its
 * next attempt
 * @author kinetic contributors
 * @since 0.1.0
 */
public record BlockedShard(String listenerId, String stream, String shardId, String sequenceNumber, Instant since,
		int attempts, String failure, boolean skipRequested) {

}
