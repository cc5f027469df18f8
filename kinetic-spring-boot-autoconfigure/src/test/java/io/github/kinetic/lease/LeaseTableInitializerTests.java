package io.github.kinetic.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LeaseTableInitializer}, against the dynalite emulator.
 */
class LeaseTableInitializerTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void createsActiveTableKeyedByLeaseKey() {
		String table = KineticTestApplications.uniqueName("leases");
		assertThat(initializer().createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of())).isTrue();
		TableDescription description = describe(table);
		assertThat(description.tableStatus()).isEqualTo(TableStatus.ACTIVE);
		assertThat(description.keySchema()).containsExactly(key("leaseKey", KeyType.HASH));
		assertThat(description.attributeDefinitions()).containsExactlyInAnyOrder(stringAttribute("leaseKey"),
				stringAttribute("leaseOwner"));
		assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
	}

	@Test
	void createsLeaseOwnerIndexWithTheTable() {
		String table = KineticTestApplications.uniqueName("leases");
		initializer().createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of());
		assertThat(describe(table).globalSecondaryIndexes()).singleElement()
			.satisfies((GlobalSecondaryIndexDescription index) -> {
				assertThat(index.indexName()).isEqualTo("LeaseOwnerToLeaseKeyIndex")
					.isEqualTo(LeaseTableInitializer.LEASE_OWNER_INDEX);
				assertThat(index.keySchema()).containsExactly(key("leaseOwner", KeyType.HASH),
						key("leaseKey", KeyType.RANGE));
				assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
			});
	}

	@Test
	void indexFindsLeasesByOwner() {
		String table = KineticTestApplications.uniqueName("leases");
		initializer().createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of());
		putLease(table, "shardId-000000000000", "worker-1");
		putLease(table, "shardId-000000000001", "worker-2");
		List<Map<String, AttributeValue>> owned = dynamoDb()
			.query((request) -> request.tableName(table)
				.indexName(LeaseTableInitializer.LEASE_OWNER_INDEX)
				.keyConditionExpression("leaseOwner = :owner")
				.expressionAttributeValues(Map.of(":owner", AttributeValue.fromS("worker-2"))))
			.join()
			.items();
		assertThat(owned).singleElement()
			.satisfies((item) -> assertThat(item.get("leaseKey").s()).isEqualTo("shardId-000000000001"));
	}

	@Test
	void leavesExistingTableAsItIs() {
		String table = KineticTestApplications.uniqueName("leases");
		LeaseTableInitializer initializer = initializer();
		assertThat(initializer.createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of())).isTrue();
		TableDescription created = describe(table);
		putLease(table, "shardId-000000000000", "worker-1");
		assertThat(initializer.createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of())).isFalse();
		TableDescription after = describe(table);
		assertThat(after.tableId()).isEqualTo(created.tableId());
		assertThat(after.creationDateTime()).isEqualTo(created.creationDateTime());
		assertThat(aws.scan(table)).singleElement()
			.satisfies((item) -> assertThat(item.get("leaseKey").s()).isEqualTo("shardId-000000000000"));
	}

	@Test
	void concurrentWorkersCreateTableOnce() throws Exception {
		String table = KineticTestApplications.uniqueName("leases");
		int workers = 4;
		CountDownLatch ready = new CountDownLatch(workers);
		ExecutorService executor = Executors.newFixedThreadPool(workers);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < workers; i++) {
				Callable<Boolean> create = () -> {
					ready.countDown();
					ready.await(10, TimeUnit.SECONDS);
					return initializer().createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of());
				};
				results.add(executor.submit(create));
			}
			List<Boolean> created = new ArrayList<>();
			for (Future<Boolean> result : results) {
				created.add(result.get(60, TimeUnit.SECONDS));
			}
			assertThat(created).containsOnlyOnce(true);
			assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.ACTIVE);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void createsProvisionedTable() {
		String table = KineticTestApplications.uniqueName("leases");
		assertThat(initializer().createIfMissing(table, BillingMode.PROVISIONED, Map.of())).isTrue();
		TableDescription description = describe(table);
		assertThat(description.provisionedThroughput().readCapacityUnits()).isEqualTo(10L);
		assertThat(description.provisionedThroughput().writeCapacityUnits()).isEqualTo(10L);
		assertThat(description.globalSecondaryIndexes()).singleElement()
			.satisfies((index) -> assertThat(index.provisionedThroughput().readCapacityUnits()).isEqualTo(10L));
	}

	// dynalite answers ListTagsOfResource but drops the Tags of CreateTable, so the tags
	// are checked on the request the initializer sends
	@Test
	void tagsTheTable() {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("team", "payments");
		tags.put("env", "test");
		CreateTableRequest request = LeaseTableInitializer.createTableRequest("leases", BillingMode.PAY_PER_REQUEST,
				tags);
		assertThat(request.tags()).containsExactly(Tag.builder().key("team").value("payments").build(),
				Tag.builder().key("env").value("test").build());
	}

	@Test
	void sendsNoTagsWhenNoneAreConfigured() {
		CreateTableRequest request = LeaseTableInitializer.createTableRequest("leases", BillingMode.PAY_PER_REQUEST,
				Map.of());
		assertThat(request.hasTags()).isFalse();
	}

	@Test
	void requestsNoThroughputForPayPerRequestTable() {
		CreateTableRequest request = LeaseTableInitializer.createTableRequest("leases", BillingMode.PAY_PER_REQUEST,
				Map.of());
		assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
		assertThat(request.provisionedThroughput()).isNull();
		assertThat(request.globalSecondaryIndexes()).extracting(GlobalSecondaryIndex::provisionedThroughput)
			.containsOnlyNulls();
	}

	private static LeaseTableInitializer initializer() {
		return new LeaseTableInitializer(dynamoDb());
	}

	private static DynamoDbAsyncClient dynamoDb() {
		return aws.dynamoDb();
	}

	private static TableDescription describe(String table) {
		return dynamoDb().describeTable((request) -> request.tableName(table)).join().table();
	}

	private static void putLease(String table, String leaseKey, String owner) {
		dynamoDb()
			.putItem((request) -> request.tableName(table)
				.item(Map.of("leaseKey", AttributeValue.fromS(leaseKey), "leaseOwner", AttributeValue.fromS(owner))))
			.join();
	}

	private static KeySchemaElement key(String attribute, KeyType type) {
		return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
	}

	private static AttributeDefinition stringAttribute(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

}
