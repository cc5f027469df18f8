package io.github.kinetic.lease;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class LeaseTableItemsTests {

	private final DynamoDbAsyncClient dynamoDb = mock(DynamoDbAsyncClient.class);

	@Test
	void keepsOnlyItemsOfTheLeaseEntityTypeThatHaveACheckpoint() {
		givenScanAnswers(CompletableFuture.completedFuture(ScanResponse.builder()
			.items(item("leaseKey", "shardId-000000000000", "checkpoint", "TRIM_HORIZON"),
					item("leaseKey", "shardId-000000000001", "entityType", "LEASE", "checkpoint", "LATEST"),
					item("leaseKey", "shardId-000000000002", "entityType", "LEASE"),
					item("leaseKey", "worker-1", "entityType", "WORKER_METRICS_STATS", "checkpoint", "LATEST"))
			.build()));
		List<KinesisLease> leases = new LeaseTableItems(this.dynamoDb).leases("table", "orders");
		assertThat(leases).extracting(KinesisLease::leaseKey)
			.containsExactly("shardId-000000000000", "shardId-000000000001");
		assertThat(leases).extracting(KinesisLease::stream).containsOnly("orders");
	}

	@Test
	void turnsACallThatTakesTooLongIntoAnIllegalStateException() {
		givenScanAnswers(new CompletableFuture<>());
		LeaseTableItems items = new LeaseTableItems(this.dynamoDb).withTimeout(Duration.ofMillis(50));
		assertThatIllegalStateException().isThrownBy(() -> items.leases("table", "orders"))
			.withMessage("DynamoDB did not answer within 50 ms");
	}

	@SuppressWarnings("unchecked")
	private void givenScanAnswers(CompletableFuture<ScanResponse> response) {
		given(this.dynamoDb.scan(any(Consumer.class))).willReturn(response);
	}

	private static Map<String, AttributeValue> item(String... namesAndValues) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			item.put(namesAndValues[i], AttributeValue.fromS(namesAndValues[i + 1]));
		}
		return item;
	}

}
