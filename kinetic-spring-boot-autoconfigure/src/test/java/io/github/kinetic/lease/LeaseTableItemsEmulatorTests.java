package io.github.kinetic.lease;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads and deletes the leases of tables written by hand, the way KCL 3 writes them, in
 * the DynamoDB emulator.
 */
class LeaseTableItemsEmulatorTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final LeaseTableItems items = new LeaseTableItems(aws.dynamoDb())
		.withTimeout(Duration.ofSeconds(10));

	@Test
	void readsOnlyTheLeasesOfATableThatAlsoHoldsWorkerMetricsAndCoordinatorState() {
		String table = createTable();
		put(table,
				item("leaseKey", s("shardId-000000000000"), "leaseOwner", s("worker-1"), "leaseCounter", n(7),
						"checkpoint", s("49680559396775950662061716090124722752413448764133474306"),
						"checkpointSubSequenceNumber", n(2), "ownerSwitchesSinceCheckpoint", n(0), "startingHashKey",
						s("0"), "endingHashKey", s("170141183460469231731687303715884105727")));
		put(table, item("leaseKey", s("shardId-000000000001"), "leaseCounter", n(1), "checkpoint", s("TRIM_HORIZON"),
				"checkpointSubSequenceNumber", n(0), "ownerSwitchesSinceCheckpoint", n(0)));
		put(table, item("leaseKey", s("shardId-000000000002"), "entityType", s("LEASE"), "leaseCounter", n(1)));
		put(table, item("leaseKey", s("worker-1"), "entityType", s("WORKER_METRICS_STATS"), "lastUpdateTime",
				n(1795629574)));
		put(table, item("leaseKey", s("Migration3.0"), "entityType", s("CLIENT_VERSION_MIGRATION"), "cv",
				s("CLIENT_VERSION_3X")));
		List<KinesisLease> leases = items.leases(table, "orders");
		assertThat(leases).extracting(KinesisLease::leaseKey)
			.containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
		KinesisLease owned = leases.stream().filter((lease) -> lease.owner() != null).findFirst().orElseThrow();
		assertThat(owned.isMultiStream()).isFalse();
		assertThat(owned.owner()).isEqualTo("worker-1");
		assertThat(owned.leaseCounter()).isEqualTo(7L);
		assertThat(owned.checkpoint()).isEqualTo("49680559396775950662061716090124722752413448764133474306");
		assertThat(owned.checkpointSubSequenceNumber()).isEqualTo(2L);
		assertThat(owned.endingHashKey()).isEqualTo("170141183460469231731687303715884105727");
		assertThat(owned.stream()).isEqualTo("orders");
		assertThat(owned.shardId()).isEqualTo("shardId-000000000000");
	}

	@Test
	void readsMultiStreamLeasesWithTheirStreamAndShard() {
		String table = createTable();
		put(table,
				item("leaseKey", s("123456789012:orders:1700000000:shardId-000000000000"), "streamName",
						s("123456789012:orders:1700000000"), "shardId", s("shardId-000000000000"), "leaseOwner",
						s("worker-2"), "leaseCounter", n(12), "checkpoint", s("SHARD_END"),
						"checkpointSubSequenceNumber", n(0), "ownerSwitchesSinceCheckpoint", n(1), "childShardIds",
						AttributeValue.fromSs(List.of("shardId-000000000002", "shardId-000000000001")),
						"pendingCheckpoint", s("49680559396775950662061716090124722752413448764133474306"),
						"pendingCheckpointSubSequenceNumber", n(0)));
		KinesisLease lease = items.leases(table, "").get(0);
		assertThat(lease.isMultiStream()).isTrue();
		assertThat(lease.stream()).isEqualTo("orders");
		assertThat(lease.shardId()).isEqualTo("shardId-000000000000");
		assertThat(lease.checkpoint()).isEqualTo("SHARD_END");
		assertThat(lease.pendingCheckpoint()).isEqualTo("49680559396775950662061716090124722752413448764133474306");
		assertThat(lease.childShardIds()).containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
	}

	@Test
	void readsNoLeasesFromATableThatDoesNotExist() {
		assertThat(items.leases(KineticTestApplications.uniqueName("missing"), "")).isEmpty();
	}

	@Test
	void deletesTheLeasesThatMatchAndNothingElse() {
		String table = createTable();
		for (String stream : List.of("orders", "payments")) {
			for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
				put(table,
						item("leaseKey", s("123456789012:" + stream + ":1700000000:" + shard), "streamName",
								s("123456789012:" + stream + ":1700000000"), "shardId", s(shard), "leaseCounter", n(1),
								"checkpoint", s("LATEST"), "checkpointSubSequenceNumber", n(0)));
			}
		}
		put(table, item("leaseKey", s("worker-1"), "entityType", s("WORKER_METRICS_STATS")));
		List<KinesisLease> orders = items.leases(table, "")
			.stream()
			.filter((lease) -> lease.stream().equals("orders"))
			.toList();
		items.delete(table, orders);
		List<String> deleted = orders.stream().map(KinesisLease::leaseKey).toList();
		assertThat(deleted).containsExactlyInAnyOrder("123456789012:orders:1700000000:shardId-000000000000",
				"123456789012:orders:1700000000:shardId-000000000001");
		assertThat(aws.scan(table)).extracting((item) -> item.get("leaseKey").s())
			.containsExactlyInAnyOrder("123456789012:payments:1700000000:shardId-000000000000",
					"123456789012:payments:1700000000:shardId-000000000001", "worker-1");
	}

	private static String createTable() {
		String table = KineticTestApplications.uniqueName("leases");
		new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of());
		return table;
	}

	private static void put(String table, Map<String, AttributeValue> item) {
		aws.dynamoDb().putItem((request) -> request.tableName(table).item(item)).join();
	}

	private static Map<String, AttributeValue> item(Object... keysAndValues) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			item.put((String) keysAndValues[i], (AttributeValue) keysAndValues[i + 1]);
		}
		return item;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
