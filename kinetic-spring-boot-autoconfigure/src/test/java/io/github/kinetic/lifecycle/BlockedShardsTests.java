package io.github.kinetic.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.kinetic.listener.ListenerShard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BlockedShards}.
 */
class BlockedShardsTests {

	private static final ListenerShard SHARD = new ListenerShard("orders", "orders-stream", "shardId-000000000001");

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private final BlockedShards blockedShards = new BlockedShards(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void reportsABlockedShardWithTheAttemptsOfItsRecordSinceItFirstBlocked() {
		this.blockedShards.recordBlocked(SHARD, "101", 3, new IllegalStateException("down"));
		this.blockedShards.recordBlocked(SHARD, "101", 4, new IllegalArgumentException("still down"));
		assertThat(this.blockedShards.blockedShards()).containsExactly(new BlockedShard("orders", "orders-stream",
				"shardId-000000000001", "101", NOW, 4, "java.lang.IllegalArgumentException: still down", false));
	}

	@Test
	void releasesTheShardWhenTheRecordIsProcessedOrTakenOrTheProcessorStops() {
		block();
		this.blockedShards.listenerFailed(SHARD, 0, new IllegalStateException("down"), 1);
		assertThat(this.blockedShards.blockedShards()).hasSize(1);
		this.blockedShards.listenerFailed(SHARD, 1, new IllegalStateException("down"), 1);
		assertThat(this.blockedShards.blockedShards()).isEmpty();
		block();
		this.blockedShards.batchProcessed(SHARD, 1, 1);
		assertThat(this.blockedShards.blockedShards()).isEmpty();
		block();
		this.blockedShards.recordsExpired(SHARD, 1);
		assertThat(this.blockedShards.blockedShards()).isEmpty();
		block();
		this.blockedShards.deadLettered(SHARD, 1, new IllegalStateException("down"));
		assertThat(this.blockedShards.blockedShards()).isEmpty();
		block();
		this.blockedShards.shardStopped(SHARD);
		assertThat(this.blockedShards.blockedShards()).isEmpty();
	}

	@Test
	void skipsOnlyTheRecordThatWasBlockedWhenTheOperatorAsked() {
		block();
		assertThat(this.blockedShards.requestSkip("orders", "orders-stream", "shardId-000000000001"))
			.satisfies((blocked) -> assertThat(blocked.skipRequested()).isTrue());
		assertThat(this.blockedShards.isSkipRequested(SHARD, "101")).isTrue();
		assertThat(this.blockedShards.isSkipRequested(SHARD, "102")).isFalse();
		this.blockedShards.recordSkipped(SHARD, "101");
		assertThat(this.blockedShards.blockedShards()).isEmpty();
		this.blockedShards.recordBlocked(SHARD, "102", 3, new IllegalStateException("down"));
		assertThat(this.blockedShards.isSkipRequested(SHARD, "102")).isFalse();
	}

	@Test
	void refusesToSkipOnAShardThatIsNotBlocked() {
		assertThat(this.blockedShards.requestSkip("orders", "orders-stream", "shardId-000000000001")).isNull();
		block();
		assertThat(this.blockedShards.requestSkip("orders", "orders-stream", "shardId-000000000002")).isNull();
		assertThat(this.blockedShards.requestSkip("payments", "orders-stream", "shardId-000000000001")).isNull();
	}

	private void block() {
		this.blockedShards.recordBlocked(SHARD, "101", 3, new IllegalStateException("down"));
	}

}
