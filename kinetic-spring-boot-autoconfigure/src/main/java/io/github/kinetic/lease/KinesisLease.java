package io.github.kinetic.lease;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One KCL lease, as stored in the lease table.
 *
 * @param leaseKey the lease key: the shard id in single-stream mode,
 * {@code account:stream:creationEpoch:shardId} in multi-stream mode
 * @param stream the stream name
 * @param streamIdentifier the multi-stream identifier
 * ({@code account:stream:creationEpoch}), or {@code null} in single-stream mode
 * @param shardId the shard id
 * @param owner the worker that holds the lease, or {@code null} when unassigned
 * @param leaseCounter the lease counter, incremented by every renewal
 * @param checkpoint the checkpointed sequence number, or a sentinel such as
 * {@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP} or {@code SHARD_END}
 * @param checkpointSubSequenceNumber the checkpointed sub-sequence number
 * @param pendingCheckpoint the pending checkpoint, if any
 * @param pendingCheckpointSubSequenceNumber the sub-sequence number of the pending
 * checkpoint
 * @param parentShardIds the parent shards
 * @param childShardIds the child shards
 * @param startingHashKey the first hash key of the shard
 * @param endingHashKey the last hash key of the shard
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisLease(String leaseKey, String stream, @Nullable String streamIdentifier, String shardId,
		@Nullable String owner, long leaseCounter, @Nullable String checkpoint, long checkpointSubSequenceNumber,
		@Nullable String pendingCheckpoint, long pendingCheckpointSubSequenceNumber, List<String> parentShardIds,
		List<String> childShardIds, @Nullable String startingHashKey, @Nullable String endingHashKey) {

	public KinesisLease {
		parentShardIds = List.copyOf(parentShardIds);
		childShardIds = List.copyOf(childShardIds);
	}

	/**
	 * Whether this is a multi-stream lease.
	 * @return whether the lease carries a stream identifier
	 */
	public boolean isMultiStream() {
		return this.streamIdentifier != null;
	}

}
