package io.github.kinetic.lease;

import java.util.Map;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the check {@link LeaseTableInitializer} makes of an existing lease table,
 * against the dynalite emulator, which accepts {@code UpdateTable} with a new index and
 * never adds it.
 */
class LeaseTableSchemaTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void refusesATableWithoutTheLeaseOwnerIndexThatTheEndpointDoesNotAdd() {
		String table = KineticTestApplications.uniqueName("leases");
		createTable(table, "leaseKey", ScalarAttributeType.S, BillingMode.PROVISIONED);
		assertThatExceptionOfType(LeaseTableSchemaException.class)
			.isThrownBy(() -> new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(table,
					BillingMode.PAY_PER_REQUEST, Map.of()))
			.withMessage("Lease table '" + table + "' cannot be used: it has no LeaseOwnerToLeaseKeyIndex index, and"
					+ " the DynamoDB endpoint accepted UpdateTable but did not add it (dynalite does this)")
			.satisfies((ex) -> {
				assertThat(ex.getLeaseTable()).isEqualTo(table);
				assertThat(ex.isMissingIndex()).isTrue();
			});
	}

	// dynalite refuses an index without provisioned throughput, which DynamoDB requires
	// for a pay-per-request table
	@Test
	void refusesATableWithoutTheLeaseOwnerIndexThatTheEndpointRefusesToAdd() {
		String table = KineticTestApplications.uniqueName("leases");
		createTable(table, "leaseKey", ScalarAttributeType.S, BillingMode.PAY_PER_REQUEST);
		assertThatExceptionOfType(LeaseTableSchemaException.class)
			.isThrownBy(() -> new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(table,
					BillingMode.PAY_PER_REQUEST, Map.of()))
			.withMessageStartingWith("Lease table '" + table + "' cannot be used: it has no LeaseOwnerToLeaseKeyIndex"
					+ " index and adding it with UpdateTable failed: ")
			.satisfies((ex) -> assertThat(ex.isMissingIndex()).isTrue());
	}

	@Test
	void refusesATableWithAnotherKey() {
		String table = KineticTestApplications.uniqueName("leases");
		createTable(table, "id", ScalarAttributeType.S, BillingMode.PAY_PER_REQUEST);
		assertThatExceptionOfType(LeaseTableSchemaException.class)
			.isThrownBy(() -> new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(table,
					BillingMode.PAY_PER_REQUEST, Map.of()))
			.withMessage("Lease table '" + table + "' cannot be used: its key is [id (S, HASH)], but a KCL lease"
					+ " table is keyed by leaseKey (S) alone; it is not a KCL lease table")
			.satisfies((ex) -> assertThat(ex.isMissingIndex()).isFalse());
	}

	@Test
	void refusesATableKeyedByANumericLeaseKey() {
		String table = KineticTestApplications.uniqueName("leases");
		createTable(table, "leaseKey", ScalarAttributeType.N, BillingMode.PAY_PER_REQUEST);
		assertThatExceptionOfType(LeaseTableSchemaException.class)
			.isThrownBy(() -> new LeaseTableInitializer(aws.dynamoDb()).createIfMissing(table,
					BillingMode.PAY_PER_REQUEST, Map.of()))
			.withMessageContaining("its key is [leaseKey (N, HASH)]");
	}

	@Test
	void acceptsAnExistingTableWithTheKeyAndTheIndex() {
		String table = KineticTestApplications.uniqueName("leases");
		LeaseTableInitializer initializer = new LeaseTableInitializer(aws.dynamoDb());
		assertThat(initializer.createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of())).isTrue();
		assertThat(initializer.createIfMissing(table, BillingMode.PAY_PER_REQUEST, Map.of())).isFalse();
	}

	static void createTable(String table, String hashKey, ScalarAttributeType type, BillingMode billingMode) {
		aws.dynamoDb().createTable((request) -> {
			request.tableName(table)
				.keySchema((key) -> key.attributeName(hashKey).keyType(KeyType.HASH))
				.attributeDefinitions((attribute) -> attribute.attributeName(hashKey).attributeType(type))
				.billingMode(billingMode);
			if (billingMode == BillingMode.PROVISIONED) {
				request.provisionedThroughput((throughput) -> throughput.readCapacityUnits(5L).writeCapacityUnits(5L));
			}
		}).join();
	}

}
