package io.github.kinetic.lease;

import org.junit.jupiter.api.Test;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.MultiStreamLease;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamIdentifiers}.
 */
class StreamIdentifiersTests {

	@Test
	void readsTheStreamNameOfAMultiStreamIdentifier() {
		assertThat(StreamIdentifiers.streamName("123456789012:orders:1700000000")).isEqualTo("orders");
		assertThat(StreamIdentifiers.streamName("orders")).isEqualTo("orders");
	}

	@Test
	void tellsIdentifiersWithAnAccountIdFromLegacyOnes() {
		assertThat(StreamIdentifiers.hasAccountId("123456789012:orders:1700000000")).isTrue();
		assertThat(StreamIdentifiers.hasAccountId("0:orders:1")).isFalse();
		assertThat(StreamIdentifiers.hasAccountId("12345678901a:orders:1")).isFalse();
		assertThat(StreamIdentifiers.hasAccountId("orders")).isFalse();
	}

	@Test
	void readsTheShardIdOfAMultiStreamLeaseKey() {
		assertThat(StreamIdentifiers.shardId("123456789012:orders:1700000000:shardId-000000000001"))
			.isEqualTo("shardId-000000000001");
	}

	@Test
	void readsTheStreamAndShardOfLeasesAWorkerHolds() {
		MultiStreamLease multi = new MultiStreamLease();
		multi.streamIdentifier("123456789012:orders:1700000000");
		multi.shardId("shardId-000000000002");
		multi.leaseKey(MultiStreamLease.getLeaseKey("123456789012:orders:1700000000", "shardId-000000000002"));
		assertThat(StreamIdentifiers.streamName(multi, null)).isEqualTo("orders");
		assertThat(StreamIdentifiers.shardId(multi)).isEqualTo("shardId-000000000002");
		Lease single = new Lease();
		single.leaseKey("shardId-000000000003");
		assertThat(StreamIdentifiers.streamName(single, "payments")).isEqualTo("payments");
		assertThat(StreamIdentifiers.shardId(single)).isEqualTo("shardId-000000000003");
	}

}
