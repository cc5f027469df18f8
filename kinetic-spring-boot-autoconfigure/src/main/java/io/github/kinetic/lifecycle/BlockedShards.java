package io.github.kinetic.lifecycle;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.jspecify.annotations.Nullable;

/**
 * The shards that wait on a record their listener keeps failing on, with no recoverer to
 * take it, and the one-shot skips operators asked for. Fed by the observer callbacks of
 * the record processors: a shard is blocked from the attempt at which its record
 * exhausted its maximum attempts (the first for a record that cannot be converted) until
 * the record is processed, expires, is skipped, or the processor stops.
 *
 */
final class BlockedShards implements ListenerObserver {

	private final Map<ListenerShard, BlockedShard> blocked = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create an empty set of blocked shards.
	 */
	BlockedShards() {
		this(Clock.systemUTC());
	}

	BlockedShards(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void recordBlocked(ListenerShard shard, String sequenceNumber, int attempts, Throwable failure) {
		String description = failure.getClass().getName()
				+ ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
		this.blocked.compute(shard, (key, current) -> {
			boolean sameRecord = current != null && current.sequenceNumber().equals(sequenceNumber);
			return new BlockedShard(shard.listenerId(), shard.stream(), shard.shardId(), sequenceNumber,
					sameRecord ? current.since() : this.clock.instant(), attempts, description,
					sameRecord && current.skipRequested());
		});
	}

	@Override
	public void batchProcessed(ListenerShard shard, int records, long nanos) {
		this.blocked.remove(shard);
	}

	@Override
	public void listenerFailed(ListenerShard shard, int recordsProcessed, Throwable failure, long nanos) {
		// a retry starts at the blocked record: if the listener got past it, it was
		// processed
		if (recordsProcessed > 0) {
			this.blocked.remove(shard);
		}
	}

	@Override
	public void recordSkipped(ListenerShard shard, String sequenceNumber) {
		this.blocked.remove(shard);
	}

	@Override
	public void deadLettered(ListenerShard shard, int records, Throwable failure) {
		this.blocked.remove(shard);
	}

	@Override
	public void recordsExpired(ListenerShard shard, int records) {
		this.blocked.remove(shard);
	}

	@Override
	public void shardStopped(ListenerShard shard) {
		this.blocked.remove(shard);
	}

	/**
	 * Return the blocked shards.
	 * @return the blocked shards, by listener, stream and shard id
	 */
	List<BlockedShard> blockedShards() {
		return this.blocked.values()
			.stream()
			.sorted(Comparator.comparing(BlockedShard::listenerId)
				.thenComparing(BlockedShard::stream)
				.thenComparing(BlockedShard::shardId))
			.toList();
	}

	/**
	 * Ask for the record a shard waits on to be skipped at its next attempt. Only that
	 * record is skipped: if the shard has moved on by then, nothing is.
	 * @param listenerId the listener id
	 * @param stream the stream
	 * @param shardId the shard id
	 * @return the blocked shard, or {@code null} if it is not blocked
	 */
	@Nullable BlockedShard requestSkip(String listenerId, String stream, String shardId) {
		return this.blocked.computeIfPresent(new ListenerShard(listenerId, stream, shardId),
				(key, current) -> new BlockedShard(current.listenerId(), current.stream(), current.shardId(),
						current.sequenceNumber(), current.since(), current.attempts(), current.failure(), true));
	}

	/**
	 * Whether an operator asked to skip the record a shard waits on.
	 * @param shard the shard
	 * @param sequenceNumber the sequence number of the record
	 * @return whether to skip it
	 */
	boolean isSkipRequested(ListenerShard shard, String sequenceNumber) {
		BlockedShard current = this.blocked.get(shard);
		return current != null && current.skipRequested() && current.sequenceNumber().equals(sequenceNumber);
	}

}
