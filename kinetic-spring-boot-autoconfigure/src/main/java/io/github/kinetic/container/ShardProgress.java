package io.github.kinetic.container;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kinetic.lease.StreamIdentifiers;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.leases.Lease;

/**
 * What the processors of one container know about the shards they hold: how far each is
 * behind the tip of its shard, as Kinesis reported with the last batch. Thread-safe;
 * processors update it, monitoring reads it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
final class ShardProgress implements ListenerObserver {

	private final Map<ListenerShard, Status> shards = new ConcurrentHashMap<>();

	private final Clock clock;

	ShardProgress() {
		this(Clock.systemUTC());
	}

	ShardProgress(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void shardStarted(ListenerShard shard) {
		this.shards.putIfAbsent(shard, new Status(shard, null, null));
	}

	@Override
	public void batchReceived(ListenerShard shard, int records, @Nullable Long millisBehindLatest) {
		if (millisBehindLatest != null) {
			this.shards.put(shard, new Status(shard, millisBehindLatest, this.clock.instant()));
		}
	}

	@Override
	public void shardStopped(ListenerShard shard) {
		this.shards.remove(shard);
	}

	/**
	 * Return how far the given shard was behind the tip of the shard with the last batch,
	 * if a processor of this container holds it and Kinesis reported it.
	 * @param stream the stream name
	 * @param shardId the shard id
	 * @return the milliseconds behind latest, or {@code null}
	 */
	public @Nullable Long millisBehindLatest(String stream, String shardId) {
		for (Status status : this.shards.values()) {
			ListenerShard shard = status.shard();
			if (shard.stream().equals(stream) && shard.shardId().equals(shardId)) {
				return status.millisBehindLatest();
			}
		}
		return null;
	}

	/**
	 * Return the shards of the leases a worker holds, with how far each one's last batch
	 * was behind the tip of the shard.
	 * @param assignments the leases KCL's lease coordinator holds
	 * @param singleStream the stream of a single-stream application, whose leases do not
	 * name it
	 * @return the owned shards, by stream and shard id
	 */
	List<KinesisListenerContainer.OwnedShard> owned(Collection<Lease> assignments, @Nullable String singleStream) {
		List<KinesisListenerContainer.OwnedShard> owned = new ArrayList<>();
		for (Lease lease : assignments) {
			String stream = StreamIdentifiers.streamName(lease, singleStream);
			String shardId = StreamIdentifiers.shardId(lease);
			owned.add(new KinesisListenerContainer.OwnedShard(stream, shardId, millisBehindLatest(stream, shardId)));
		}
		owned.sort(Comparator.comparing(KinesisListenerContainer.OwnedShard::stream)
			.thenComparing(KinesisListenerContainer.OwnedShard::shardId));
		return owned;
	}

	/**
	 * Return the shards that processors of this container hold now.
	 * @return the status of each shard, by stream and shard id
	 */
	public List<Status> shards() {
		return this.shards.values()
			.stream()
			.sorted(Comparator.comparing((Status status) -> status.shard().stream())
				.thenComparing((status) -> status.shard().shardId()))
			.toList();
	}

	/**
	 * The progress of one shard.
	 *
	 * @param shard the shard
	 * @param millisBehindLatest how far the last batch was behind the tip of the shard,
	 * or {@code null} before Kinesis reported it
	 * @param reportedAt when the processor last received a batch
	 */
	public record Status(ListenerShard shard, @Nullable Long millisBehindLatest, @Nullable Instant reportedAt) {

	}

}
