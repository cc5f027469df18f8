package io.github.kinetic.lease;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Creates lease tables for tests of other packages, as the starter creates them.
 */
public final class LeaseTables {

	private LeaseTables() {
	}

	/**
	 * Create an on-demand lease table with KCL's index, unless it exists.
	 * @param dynamoDb the DynamoDB client
	 * @param name the table name
	 */
	public static void createIfMissing(DynamoDbAsyncClient dynamoDb, String name) {
		new LeaseTableInitializer(dynamoDb).createIfMissing(name, BillingMode.PAY_PER_REQUEST, Map.of());
	}

}
