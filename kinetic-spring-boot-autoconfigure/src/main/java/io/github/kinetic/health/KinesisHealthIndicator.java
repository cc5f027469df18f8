package io.github.kinetic.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.kinetic.container.ContainerStartupException;
import io.github.kinetic.container.KinesisListenerContainer.OwnedShard;
import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lifecycle.BlockedShard;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.StreamSettings;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Kinesis consumers: {@code UP} while each container's KCL scheduler runs
 * and its lease table and streams answer; {@code DOWN}, with a {@code reason}, when a
 * scheduler stopped on its own or DynamoDB or Kinesis cannot be reached. The details list
 * the shards this worker owns in each stream and, under {@code blockedShards}, each shard
 * that waits on a record its listener keeps failing on with no recoverer (listener,
 * stream, shard, sequence number, since when, attempts, last failure).
 * <p>
 * A blocked shard leaves the status {@code UP}: the instance works, one shard waits on
 * one record, and restarting the instance (what an orchestrator does with a {@code DOWN}
 * instance) would only block the shard again on the same record. Alert on the details or
 * on the {@code kinetic.listener.shards.blocked} gauge instead.
 * <p>
 * Each check makes one {@code DescribeTable} call and one {@code DescribeStreamSummary}
 * call per stream.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisHealthIndicator extends AbstractHealthIndicator {

	private final KinesisListenerEndpointRegistry registry;

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamoDb;

	private final Duration timeout;

	/**
	 * Create a health indicator.
	 * @param registry the registry of listener containers
	 * @param kinesis the Kinesis client
	 * @param dynamoDb the DynamoDB client
	 * @param timeout how long each AWS call may take
	 */
	public KinesisHealthIndicator(KinesisListenerEndpointRegistry registry, KinesisAsyncClient kinesis,
			DynamoDbAsyncClient dynamoDb, Duration timeout) {
		super("Kinesis health check failed");
		this.registry = registry;
		this.kinesis = kinesis;
		this.dynamoDb = dynamoDb;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Collection<KinesisListenerContainer> containers = this.registry.getListenerContainers();
		if (containers.isEmpty()) {
			builder.up().withDetail("reason", "No @KinesisListener methods, no stream is consumed");
			return;
		}
		builder.up();
		for (KinesisListenerContainer container : containers) {
			Map<String, Object> details = check(container, builder);
			if (containers.size() == 1) {
				builder.withDetails(details);
			}
			else {
				builder.withDetail(container.getId(), details);
			}
		}
	}

	private Map<String, Object> check(KinesisListenerContainer container, Health.Builder builder) {
		ConsumerSettings settings = container.getSettings();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("applicationName", settings.applicationName());
		details.put("workerId", settings.workerId());
		List<String> problems = new ArrayList<>();
		Throwable startupFailure = container.getStartupFailure();
		if (!this.registry.isRunning()) {
			problems.add("Kinesis consumers are stopped");
		}
		else if (startupFailure != null) {
			problems.add("The listener container of " + settings.applicationName() + " could not start"
					+ (container.isStartupRetrying() ? " and is retrying" : "") + ": "
					+ ContainerStartupException.describe(startupFailure));
		}
		else if (!container.isSchedulerRunning()) {
			problems.add("The KCL scheduler of " + settings.applicationName() + " is not running");
		}
		String tableProblem = checkLeaseTable(settings.applicationName());
		if (tableProblem != null) {
			problems.add(tableProblem);
		}
		Map<String, List<String>> owned = ownedShards(container);
		Map<String, Object> streams = new LinkedHashMap<>();
		for (StreamSettings stream : settings.streams().all()) {
			Map<String, Object> streamDetails = new LinkedHashMap<>();
			try {
				StreamDescriptionSummary summary = await(
						this.kinesis.describeStreamSummary((request) -> request.streamName(stream.name())))
					.streamDescriptionSummary();
				streamDetails.put("status", summary.streamStatusAsString());
			}
			catch (Exception ex) {
				problems.add("Stream " + stream.name() + " is unreachable: " + message(ex));
			}
			streamDetails.put("ownedShards", owned.getOrDefault(stream.name(), List.of()));
			streams.put(stream.name(), streamDetails);
		}
		details.put("streams", streams);
		List<BlockedShard> blocked = this.registry.getBlockedShards();
		if (!blocked.isEmpty()) {
			details.put("blockedShards", blocked);
		}
		if (!problems.isEmpty()) {
			builder.down();
			details.put("reason", String.join("; ", problems));
		}
		return details;
	}

	private @Nullable String checkLeaseTable(String table) {
		try {
			TableStatus status = await(this.dynamoDb.describeTable((request) -> request.tableName(table))).table()
				.tableStatus();
			if (status == TableStatus.DELETING || status == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS) {
				return "Lease table " + table + " is " + status;
			}
			return null;
		}
		catch (Exception ex) {
			return "Lease table " + table + " is unreachable: " + message(ex);
		}
	}

	private static Map<String, List<String>> ownedShards(KinesisListenerContainer container) {
		Map<String, List<String>> owned = new TreeMap<>();
		for (OwnedShard shard : container.getOwnedShards()) {
			owned.computeIfAbsent(shard.stream(), (stream) -> new ArrayList<>()).add(shard.shardId());
		}
		return owned;
	}

	private <T> T await(CompletableFuture<T> future) throws Exception {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new TimeoutException("no answer within " + this.timeout.toMillis() + " ms");
		}
	}

	private static String message(Exception ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
