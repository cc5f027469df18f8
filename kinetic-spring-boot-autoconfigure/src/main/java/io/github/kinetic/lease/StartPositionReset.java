package io.github.kinetic.lease;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import org.springframework.core.log.LogMessage;

/**
 * Makes a stream's configured start position win over its checkpoints, once per reset
 * token.
 * <p>
 * KCL uses the start position only for shards without a lease. When a stream is
 * configured with a reset token that differs from the last token applied to it, its
 * leases are deleted before the scheduler starts, so they are created again at the
 * configured position, and the token is recorded. The next start with the same token
 * finds it recorded and leaves the checkpoints alone: a reset happens once, not on every
 * deploy. Tokens live in their own small table, {@code <application-name>-ResetTokens},
 * created only when a token is configured: KCL 3 reads every item of the lease table and
 * logs an error for each one it cannot read as a lease.
 */
final class StartPositionReset {

	static final String TABLE_SUFFIX = "-ResetTokens";

	private static final String STREAM = "stream";

	private static final Log logger = LogFactory.getLog(StartPositionReset.class);

	private final DynamoDbAsyncClient dynamoDb;

	private final LeaseTableItems items;

	StartPositionReset(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
		this.items = new LeaseTableItems(dynamoDb);
	}

	void apply(String leaseTable, String singleStreamName, List<LeaseTable.StreamReset> requested, String workerId) {
		if (requested.isEmpty()) {
			return;
		}
		String tokenTable = leaseTable + TABLE_SUFFIX;
		new LeaseTableInitializer(this.dynamoDb).createIfMissing(tokenTableRequest(tokenTable));
		for (LeaseTable.StreamReset reset : requested) {
			String token = reset.token();
			if (!token.equals(appliedToken(tokenTable, reset.stream()))) {
				List<KinesisLease> leases = this.items.leases(leaseTable, singleStreamName)
					.stream()
					.filter((lease) -> lease.stream().equals(reset.stream()))
					.toList();
				this.items.delete(leaseTable, leases);
				recordToken(tokenTable, reset.stream(), token, workerId);
				logger.warn(LogMessage.format(
						"Reset stream '%s' to %s (reset token '%s'): deleted its %d leases and their checkpoints",
						reset.stream(), reset.startFrom().getInitialPositionInStream(), token, leases.size()));
			}
		}
	}

	private String appliedToken(String table, String stream) {
		Map<String, AttributeValue> item = this.dynamoDb
			.getItem((request) -> request.tableName(table)
				.consistentRead(true)
				.key(Map.of(STREAM, AttributeValue.fromS(stream))))
			.join()
			.item();
		AttributeValue token = (item != null) ? item.get("token") : null;
		return (token != null) ? token.s() : "";
	}

	private void recordToken(String table, String stream, String token, String workerId) {
		Map<String, AttributeValue> item = Map.of(STREAM, AttributeValue.fromS(stream), "token",
				AttributeValue.fromS(token), "appliedAt", AttributeValue.fromS(Instant.now().toString()), "appliedBy",
				AttributeValue.fromS(workerId));
		this.dynamoDb.putItem((request) -> request.tableName(table).item(item)).join();
	}

	private static CreateTableRequest tokenTableRequest(String table) {
		return CreateTableRequest.builder()
			.tableName(table)
			.keySchema(KeySchemaElement.builder().attributeName(STREAM).keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName(STREAM).attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.build();
	}

}
