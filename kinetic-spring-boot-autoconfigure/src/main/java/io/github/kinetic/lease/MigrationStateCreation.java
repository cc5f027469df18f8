package io.github.kinetic.lease;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.migration.ClientVersion;
import software.amazon.kinesis.coordinator.CoordinatorConfig.ClientVersionConfig;
import software.amazon.kinesis.coordinator.migration.MigrationState;

import org.springframework.core.log.LogMessage;

/**
 * Writes KCL 3's migration state ({@code Migration3.0}, client version
 * {@code CLIENT_VERSION_3X}) into the lease table before a scheduler starts, unless it is
 * there already.
 * <p>
 * A KCL 3.5.1 scheduler that finds no migration state reads "none" and then creates it
 * with a conditional put. Of schedulers starting together on a new lease table only one
 * put succeeds; a loser fails its initialization attempt, and KCL's migration state
 * machine, which marks itself initialized before that put, skips the state on every later
 * attempt, so the loser fails all of them and its scheduler gives up. With the state
 * written first, every scheduler reads {@code CLIENT_VERSION_3X} and writes nothing. The
 * item is the one KCL writes (its own serialization), and only where KCL would write that
 * same item: configured for KCL 3 (not the KCL 2.x upgrade), and with no coordinator
 * state table from KCL 3.0 to 3.4, where KCL keeps the state instead.
 */
final class MigrationStateCreation {

	private static final Log logger = LogFactory.getLog(MigrationStateCreation.class);

	private final DynamoDbAsyncClient dynamoDb;

	MigrationStateCreation(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/**
	 * Create the migration state unless it exists or KCL would not write it here.
	 * @param leaseTable the lease table name
	 * @param coordinator the scheduler's coordinator config, after the customizers
	 * @param workerId the worker recorded as the state's author
	 * @return whether this call created it
	 */
	boolean createIfAbsent(String leaseTable, CoordinatorConfig coordinator, String workerId) {
		if (coordinator.clientVersionConfig() != ClientVersionConfig.CLIENT_VERSION_CONFIG_3X
				|| tableExists(coordinator.coordinatorStateTableConfig().tableName())) {
			return false;
		}
		Map<String, AttributeValue> item = new HashMap<>(migrationState(workerId).serialize());
		item.put(LeaseTableInitializer.LEASE_KEY, AttributeValue.fromS(MigrationState.MIGRATION_HASH_KEY));
		try {
			this.dynamoDb
				.putItem((request) -> request.tableName(leaseTable)
					.item(item)
					.conditionExpression("attribute_not_exists(" + LeaseTableInitializer.LEASE_KEY + ")"))
				.join();
			logger.debug(LogMessage.format("Created KCL's migration state in %s", leaseTable));
			return true;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ConditionalCheckFailedException) {
				return false;
			}
			throw ex;
		}
	}

	private static MigrationState migrationState(String workerId) {
		// through KCL's own deserializer: its constructor for a new state is private, and
		// update() logs the caller's stack at INFO
		HashMap<String, AttributeValue> attributes = new HashMap<>();
		attributes.put(MigrationState.CLIENT_VERSION_ATTRIBUTE_NAME,
				AttributeValue.fromS(ClientVersion.CLIENT_VERSION_3X.name()));
		attributes.put(MigrationState.MODIFIED_BY_ATTRIBUTE_NAME, AttributeValue.fromS(workerId));
		attributes.put(MigrationState.MODIFIED_TIMESTAMP_ATTRIBUTE_NAME,
				AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
		return MigrationState.deserialize(MigrationState.MIGRATION_HASH_KEY, attributes);
	}

	private boolean tableExists(String tableName) {
		try {
			this.dynamoDb.describeTable((request) -> request.tableName(tableName)).join();
			return true;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return false;
			}
			throw ex;
		}
	}

}
