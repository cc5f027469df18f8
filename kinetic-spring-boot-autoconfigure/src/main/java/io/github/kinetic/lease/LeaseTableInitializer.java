package io.github.kinetic.lease;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

import org.springframework.core.log.LogMessage;

/**
 * Creates the KCL lease table, with the {@code LeaseOwnerToLeaseKeyIndex} index KCL 3
 * queries, in one {@code CreateTable} call.
 * <p>
 * Left to itself KCL 3 creates the table and then adds the index with
 * {@code UpdateTable}: on DynamoDB the index backfill takes minutes, and emulators such
 * as dynalite accept the update and never build the index. A table created here is
 * complete at once, and KCL finds it and uses it as it is.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
final class LeaseTableInitializer {

	/** The index KCL 3 uses to find the leases a worker owns. */
	static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

	static final String LEASE_KEY = "leaseKey";

	static final String LEASE_OWNER = "leaseOwner";

	private static final Log logger = LogFactory.getLog(LeaseTableInitializer.class);

	private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);

	private final DynamoDbAsyncClient dynamoDb;

	LeaseTableInitializer(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/**
	 * Create the table unless it exists, and wait until it is active. A table that exists
	 * must be keyed by {@code leaseKey} (a string) alone; a missing
	 * {@code LeaseOwnerToLeaseKeyIndex} is added with {@code UpdateTable}, as KCL 3 does.
	 * @param tableName the lease table name
	 * @param billingMode the billing mode of a new table
	 * @param tags the tags of a new table
	 * @return whether this call created the table
	 * @throws LeaseTableSchemaException if the existing table has another key, or lacks
	 * the index and the endpoint does not add it
	 */
	boolean createIfMissing(String tableName, BillingMode billingMode, Map<String, String> tags) {
		boolean created = createIfMissing(createTableRequest(tableName, billingMode, tags));
		if (!created) {
			new LeaseTableSchema(this.dynamoDb).check(tableName);
		}
		return created;
	}

	/**
	 * Create a table unless it exists, and wait until it is active.
	 * @param request the table to create
	 * @return whether this call created the table
	 */
	boolean createIfMissing(CreateTableRequest request) {
		String tableName = request.tableName();
		if (describe(tableName) == null) {
			try {
				this.dynamoDb.createTable(request).join();
				logger.info(LogMessage.format("Created table %s", tableName));
				awaitActive(tableName);
				return true;
			}
			catch (CompletionException ex) {
				if (!(ex.getCause() instanceof ResourceInUseException)) {
					throw ex;
				}
				// another worker created it at the same moment
			}
		}
		awaitActive(tableName);
		return false;
	}

	private @Nullable TableDescription describe(String tableName) {
		try {
			return this.dynamoDb.describeTable((request) -> request.tableName(tableName)).join().table();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return null;
			}
			throw ex;
		}
	}

	private void awaitActive(String tableName) {
		long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
		while (true) {
			TableDescription table = describe(tableName);
			if (table != null && table.tableStatus() == TableStatus.ACTIVE) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Lease table " + tableName + " did not become active within "
						+ ACTIVE_TIMEOUT.toSeconds() + " s");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for lease table " + tableName, ex);
			}
		}
	}

	static CreateTableRequest createTableRequest(String tableName, BillingMode billingMode, Map<String, String> tags) {
		CreateTableRequest.Builder builder = CreateTableRequest.builder()
			.tableName(tableName)
			.keySchema(KeySchemaElement.builder().attributeName(LEASE_KEY).keyType(KeyType.HASH).build())
			.attributeDefinitions(attribute(LEASE_KEY), attribute(LEASE_OWNER))
			.globalSecondaryIndexes(leaseOwnerIndex(billingMode))
			.billingMode(billingMode);
		if (billingMode == BillingMode.PROVISIONED) {
			builder.provisionedThroughput(throughput());
		}
		if (!tags.isEmpty()) {
			builder.tags(tags.entrySet()
				.stream()
				.map((tag) -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
				.toList());
		}
		return builder.build();
	}

	private static GlobalSecondaryIndex leaseOwnerIndex(BillingMode billingMode) {
		GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
			.indexName(LEASE_OWNER_INDEX)
			.keySchema(KeySchemaElement.builder().attributeName(LEASE_OWNER).keyType(KeyType.HASH).build(),
					KeySchemaElement.builder().attributeName(LEASE_KEY).keyType(KeyType.RANGE).build())
			.projection((projection) -> projection.projectionType(ProjectionType.KEYS_ONLY));
		if (billingMode == BillingMode.PROVISIONED) {
			index.provisionedThroughput(throughput());
		}
		return index.build();
	}

	private static ProvisionedThroughput throughput() {
		// KCL's own defaults for a provisioned lease table
		return ProvisionedThroughput.builder().readCapacityUnits(10L).writeCapacityUnits(10L).build();
	}

	private static AttributeDefinition attribute(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

}
