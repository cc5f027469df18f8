package io.github.kinetic.container;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.kinetic.listener.ListenerShard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardProgressTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final ShardProgress progress = new ShardProgress(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void knowsTheMillisBehindLatestOfTheLastBatchOfEachShard() {
		ListenerShard first = new ListenerShard("listener", "orders", "shardId-000000000000");
		ListenerShard second = new ListenerShard("listener", "orders", "shardId-000000000001");
		this.progress.shardStarted(first);
		this.progress.shardStarted(second);
		this.progress.batchReceived(first, 10, 5000L);
		this.progress.batchReceived(first, 0, 1200L);
		this.progress.batchReceived(second, 3, 0L);
		assertThat(this.progress.millisBehindLatest("orders", "shardId-000000000000")).isEqualTo(1200L);
		assertThat(this.progress.millisBehindLatest("orders", "shardId-000000000001")).isZero();
		assertThat(this.progress.shards()).extracting(ShardProgress.Status::reportedAt).containsOnly(NOW);
	}

	@Test
	void keepsTheLastKnownLagWhenABatchReportsNone() {
		ListenerShard shard = new ListenerShard("listener", "orders", "shardId-000000000000");
		this.progress.shardStarted(shard);
		this.progress.batchReceived(shard, 10, 300L);
		this.progress.batchReceived(shard, 10, null);
		assertThat(this.progress.millisBehindLatest("orders", "shardId-000000000000")).isEqualTo(300L);
	}

	@Test
	void forgetsAShardWhenItsProcessorStops() {
		ListenerShard shard = new ListenerShard("listener", "orders", "shardId-000000000000");
		this.progress.shardStarted(shard);
		this.progress.batchReceived(shard, 1, 10L);
		this.progress.shardStopped(shard);
		assertThat(this.progress.millisBehindLatest("orders", "shardId-000000000000")).isNull();
		assertThat(this.progress.shards()).isEmpty();
	}

	@Test
	void listsHeldShardsByStreamAndShardIdBeforeTheirFirstBatch() {
		this.progress.shardStarted(new ListenerShard("l", "payments", "shardId-000000000001"));
		this.progress.shardStarted(new ListenerShard("l", "orders", "shardId-000000000002"));
		this.progress.shardStarted(new ListenerShard("l", "payments", "shardId-000000000000"));
		assertThat(this.progress.shards())
			.extracting((status) -> status.shard().stream() + "/" + status.shard().shardId())
			.containsExactly("orders/shardId-000000000002", "payments/shardId-000000000000",
					"payments/shardId-000000000001");
		assertThat(this.progress.shards()).extracting(ShardProgress.Status::millisBehindLatest).containsOnlyNulls();
	}

}
