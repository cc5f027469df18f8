package io.github.kinetic.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.kinesis.leases.EntityType;
import software.amazon.kinesis.worker.metricstats.WorkerMetricStats;

/**
 * The workers of an application that are alive by KCL 3's own rule: their metrics entry
 * in the lease table was updated within two report intervals.
 * <p>
 * A worker about to claim leases first stamps its own entry, as KCL's reporter does once
 * the scheduler runs, and only then reads the others. Of two workers starting at the same
 * moment, the one that reads last has therefore seen the other's stamp: they cannot both
 * believe they are alone. The stamp writes only the update time (and the entity type of a
 * new entry), so an entry KCL wrote keeps its figures; a new one reads, to KCL's lease
 * assignment, as a worker without explicit metrics, as KCL's own first report would where
 * no CPU metric is available. Reads are strongly consistent for the same reason.
 */
final class LiveWorkers {

	private static final String WORKER_METRICS = EntityType.WORKER_METRIC_STATS.getDdbValue();

	private final DynamoDbAsyncClient dynamoDb;

	private final String leaseTable;

	private final Duration maxAge;

	/**
	 * Create an instance.
	 * @param dynamoDb the DynamoDB client
	 * @param leaseTable the lease table, where KCL 3.5 keeps the worker metrics
	 * @param reportInterval how often the workers' schedulers report their metrics
	 */
	LiveWorkers(DynamoDbAsyncClient dynamoDb, String leaseTable, Duration reportInterval) {
		this.dynamoDb = dynamoDb;
		this.leaseTable = leaseTable;
		this.maxAge = reportInterval.multipliedBy(2);
	}

	/**
	 * Stamp the metrics entry of a worker with the current time, creating it if needed.
	 * @param workerId the worker
	 */
	void stamp(String workerId) {
		try {
			this.dynamoDb.updateItem((request) -> request.tableName(this.leaseTable)
				.key(Map.of(LeaseTableInitializer.LEASE_KEY, AttributeValue.fromS(workerId)))
				.updateExpression("SET #lut = :now, #type = :type")
				// never turn a lease or KCL's coordinator state into a worker entry
				.conditionExpression("attribute_not_exists(#key) OR #type = :type")
				.expressionAttributeNames(Map.of("#lut", WorkerMetricStats.KEY_LAST_UPDATE_TIME, "#type",
						WorkerMetricStats.ENTITY_TYPE_ATTRIBUTE_NAME, "#key", LeaseTableInitializer.LEASE_KEY))
				.expressionAttributeValues(
						Map.of(":now", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond())), ":type",
								AttributeValue.fromS(WORKER_METRICS))))
				.join();
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof ConditionalCheckFailedException)) {
				throw ex;
			}
		}
	}

	/**
	 * Return the workers whose metrics entry is fresh.
	 * @return their ids
	 */
	Set<String> ids() {
		Set<String> ids = new HashSet<>();
		long oldest = Instant.now().minus(this.maxAge).getEpochSecond();
		Map<String, AttributeValue> startKey = null;
		do {
			Map<String, AttributeValue> from = startKey;
			ScanResponse response = this.dynamoDb
				.scan((request) -> request.tableName(this.leaseTable)
					.consistentRead(true)
					.filterExpression("#type = :type")
					.expressionAttributeNames(Map.of("#type", WorkerMetricStats.ENTITY_TYPE_ATTRIBUTE_NAME))
					.expressionAttributeValues(Map.of(":type", AttributeValue.fromS(WORKER_METRICS)))
					.exclusiveStartKey(from))
				.join();
			for (Map<String, AttributeValue> item : response.items()) {
				AttributeValue updated = item.get(WorkerMetricStats.KEY_LAST_UPDATE_TIME);
				AttributeValue id = item.get(LeaseTableInitializer.LEASE_KEY);
				if (id != null && updated != null && updated.n() != null && Long.parseLong(updated.n()) >= oldest) {
					ids.add(id.s());
				}
			}
			startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
		}
		while (startKey != null);
		return ids;
	}

}
