package io.github.kinetic.lease;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import org.springframework.core.log.LogMessage;

/**
 * Removes a stopped worker's metrics entry from the lease table.
 * <p>
 * KCL 3 assigns leases to every worker whose metrics entry was updated in the last two
 * reporting periods (60 s by default), and a graceful shutdown leaves the entry behind:
 * for a minute after a restart, new and freed leases can go to the worker that just
 * stopped, and wait there until they expire. Without the entry the lease assignment sees
 * only live workers.
 */
final class WorkerMetricStatsRemoval {

	private static final Log logger = LogFactory.getLog(WorkerMetricStatsRemoval.class);

	private final DynamoDbAsyncClient dynamoDb;

	WorkerMetricStatsRemoval(DynamoDbAsyncClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	void remove(String leaseTable, String workerId) {
		try {
			this.dynamoDb
				.deleteItem((request) -> request.tableName(leaseTable)
					.key(Map.of(LeaseTableInitializer.LEASE_KEY, AttributeValue.fromS(workerId)))
					.conditionExpression("entityType = :workerMetrics")
					.expressionAttributeValues(Map.of(":workerMetrics", AttributeValue.fromS("WORKER_METRIC_STATS"))))
				.join();
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof ConditionalCheckFailedException)) {
				logger.debug(LogMessage.format("Could not remove the metrics entry of worker %s", workerId), ex);
			}
		}
	}

}
