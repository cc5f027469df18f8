package io.github.kinetic.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import org.springframework.core.log.LogMessage;

/**
 * Checks that an existing lease table is one KCL can use: keyed by {@code leaseKey} (a
 * string) alone, with the {@code LeaseOwnerToLeaseKeyIndex} index. A missing index is
 * added with {@code UpdateTable}, as KCL 3 itself does with a KCL 2.x table; if the
 * endpoint accepts the update but does not add the index (dynalite), startup fails rather
 * than letting every lease query fail afterwards.
 */
final class LeaseTableSchema {

	private static final Log logger = LogFactory.getLog(LeaseTableSchema.class);

	// DynamoDB lists a new index (CREATING) as soon as UpdateTable returns
	private static final Duration INDEX_LISTED_TIMEOUT = Duration.ofSeconds(5);

	private final DynamoDbAsyncClient dynamoDb;

	LeaseTableSchema(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	void check(String tableName) {
		TableDescription table = describe(tableName);
		checkKey(table);
		if (!hasIndex(table)) {
			addIndex(table);
		}
	}

	private static void checkKey(TableDescription table) {
		List<KeySchemaElement> key = table.keySchema();
		boolean keyedByLeaseKey = key.size() == 1 && key.get(0).keyType() == KeyType.HASH
				&& key.get(0).attributeName().equals(LeaseTableInitializer.LEASE_KEY);
		ScalarAttributeType type = table.attributeDefinitions()
			.stream()
			.filter((attribute) -> attribute.attributeName().equals(LeaseTableInitializer.LEASE_KEY))
			.map(AttributeDefinition::attributeType)
			.findFirst()
			.orElse(null);
		if (!keyedByLeaseKey || type != ScalarAttributeType.S) {
			throw new LeaseTableSchemaException(table.tableName(),
					"its key is " + describeKey(table) + ", but a KCL lease table is keyed by "
							+ LeaseTableInitializer.LEASE_KEY + " (S) alone; it is not a KCL lease table",
					false);
		}
	}

	private static String describeKey(TableDescription table) {
		return table.keySchema().stream().map((element) -> {
			String type = table.attributeDefinitions()
				.stream()
				.filter((attribute) -> attribute.attributeName().equals(element.attributeName()))
				.map(AttributeDefinition::attributeTypeAsString)
				.findFirst()
				.orElse("?");
			return element.attributeName() + " (" + type + ", " + element.keyTypeAsString() + ")";
		}).toList().toString();
	}

	private static boolean hasIndex(TableDescription table) {
		return table.hasGlobalSecondaryIndexes() && table.globalSecondaryIndexes()
			.stream()
			.anyMatch((index) -> index.indexName().equals(LeaseTableInitializer.LEASE_OWNER_INDEX));
	}

	private void addIndex(TableDescription table) {
		String tableName = table.tableName();
		boolean provisioned = table.billingModeSummary() == null
				|| table.billingModeSummary().billingMode() != BillingMode.PAY_PER_REQUEST;
		CreateGlobalSecondaryIndexAction.Builder index = CreateGlobalSecondaryIndexAction.builder()
			.indexName(LeaseTableInitializer.LEASE_OWNER_INDEX)
			.keySchema(
					KeySchemaElement.builder()
						.attributeName(LeaseTableInitializer.LEASE_OWNER)
						.keyType(KeyType.HASH)
						.build(),
					KeySchemaElement.builder()
						.attributeName(LeaseTableInitializer.LEASE_KEY)
						.keyType(KeyType.RANGE)
						.build())
			.projection((projection) -> projection.projectionType(ProjectionType.KEYS_ONLY));
		if (provisioned) {
			index.provisionedThroughput(
					ProvisionedThroughput.builder().readCapacityUnits(10L).writeCapacityUnits(10L).build());
		}
		try {
			this.dynamoDb
				.updateTable((request) -> request.tableName(tableName)
					.attributeDefinitions(string(LeaseTableInitializer.LEASE_KEY),
							string(LeaseTableInitializer.LEASE_OWNER))
					.globalSecondaryIndexUpdates((update) -> update.create(index.build())))
				.join();
		}
		catch (CompletionException ex) {
			throw new LeaseTableSchemaException(tableName, "it has no " + LeaseTableInitializer.LEASE_OWNER_INDEX
					+ " index and adding it with UpdateTable failed: " + ex.getCause().getMessage(), true, ex);
		}
		long deadline = System.nanoTime() + INDEX_LISTED_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (hasIndex(describe(tableName))) {
				logger.warn(LogMessage.format(
						"Lease table %s had no %s index; added it with UpdateTable. DynamoDB builds it in the"
								+ " background (minutes on a large table) and KCL waits for it",
						tableName, LeaseTableInitializer.LEASE_OWNER_INDEX));
				return;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new LeaseTableSchemaException(tableName, "it has no " + LeaseTableInitializer.LEASE_OWNER_INDEX
				+ " index, and the DynamoDB endpoint accepted UpdateTable but did not add it (dynalite does this)",
				true);
	}

	private TableDescription describe(String tableName) {
		return this.dynamoDb.describeTable((request) -> request.tableName(tableName)).join().table();
	}

	private static AttributeDefinition string(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

}
