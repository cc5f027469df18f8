package io.github.kinetic.producer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The template's chunking and retries, against a client that records the calls and
 * refuses the entries it is told to.
 */
class KinesisTemplateTests {

	private final RecordingKinesis kinesis = new RecordingKinesis();

	private final KinesisTemplate template = new KinesisTemplate(this.kinesis, new JsonMapper()::writeValueAsBytes);

	KinesisTemplateTests() {
		this.template.setBackOff(Duration.ofMillis(1), Duration.ofMillis(4));
	}

	@Test
	void splitsIntoCallsOfAtMost500Records() {
		List<KinesisSendResult> results = this.template.sendAll("orders", records(1201, 10));
		assertThat(this.kinesis.calls).extracting(List::size).containsExactly(500, 500, 201);
		assertThat(results).hasSize(1201);
		assertThat(results.get(1200).partitionKey()).isEqualTo("key-1200");
		assertThat(results.get(1200).sequenceNumber()).isEqualTo("seq-key-1200-1");
		assertThat(results.get(1200).shardId()).isEqualTo("shardId-000000000000");
		assertThat(results).extracting(KinesisSendResult::streamName).containsOnly("orders");
	}

	@Test
	void splitsIntoCallsOfAtMostFiveMebibytes() {
		// 12 records of 1,000,000 bytes with their partition key: 5 fit in one call
		List<KinesisProducerRecord> records = IntStream.range(0, 12)
			.mapToObj((i) -> new KinesisProducerRecord("k" + (i % 10), new byte[1_000_000 - 2]))
			.toList();
		this.template.sendAll("big", records);
		assertThat(this.kinesis.calls).extracting(List::size).containsExactly(5, 5, 2);
		for (List<PutRecordsRequestEntry> call : this.kinesis.calls) {
			assertThat(call.stream().mapToLong(PutRecordsChunks::size).sum()).isLessThanOrEqualTo(5L * 1024 * 1024);
		}
	}

	@Test
	void sendsAgainOnlyTheEntriesThatWereRefused() {
		this.kinesis.refuse("key-3", 2);
		this.kinesis.refuse("key-7", 1);
		List<KinesisSendResult> results = this.template.sendAll("orders", records(10, 10));
		assertThat(this.kinesis.calls).extracting(List::size).containsExactly(10, 2, 1);
		assertThat(keys(this.kinesis.calls.get(1))).containsExactly("key-3", "key-7");
		assertThat(keys(this.kinesis.calls.get(2))).containsExactly("key-3");
		assertThat(results).extracting(KinesisSendResult::partitionKey)
			.containsExactlyElementsOf(IntStream.range(0, 10).mapToObj((i) -> "key-" + i).toList());
		assertThat(results.get(3).sequenceNumber()).isEqualTo("seq-key-3-3");
	}

	@Test
	void namesTheStreamAndTheRecordsStillRefusedAfterTheAttempts() {
		this.kinesis.refuse("key-4", 100);
		this.template.setMaxAttempts(3);
		assertThatExceptionOfType(KinesisSendException.class)
			.isThrownBy(() -> this.template.sendAll("orders", records(6, 10)))
			.satisfies((ex) -> {
				assertThat(ex.getStreamName()).isEqualTo("orders");
				assertThat(ex.getFailed()).containsExactly(new KinesisSendException.FailedRecord(4, "key-4",
						"ProvisionedThroughputExceededException", "slow down"));
				assertThat(ex.getSent()).hasSize(5);
				assertThat(ex.getMessage()).contains("stream 'orders'", "3 attempt(s)", "#4", "key-4",
						"ProvisionedThroughputExceededException");
			});
		assertThat(this.kinesis.calls).hasSize(3);
	}

	@Test
	void aCallThatFailsAsAWholeIsThrownWithEveryUnsentRecord() {
		this.kinesis.failCall = 2;
		assertThatExceptionOfType(KinesisSendException.class)
			.isThrownBy(() -> this.template.sendAll("orders", records(700, 10)))
			.satisfies((ex) -> {
				assertThat(ex.getCause()).isInstanceOf(ResourceNotFoundException.class);
				assertThat(ex.getSent()).hasSize(500);
				assertThat(ex.getFailed()).hasSize(200);
				assertThat(ex.getFailed().get(0).index()).isEqualTo(500);
			});
	}

	@Test
	void bytesTextAndBuffersPassThroughAndObjectsAreWrittenAsJson() {
		this.template.send("s", "a", "caf\u00e9");
		this.template.send("s", "b", new byte[] { 1, 2 });
		this.template.send("s", "c", ByteBuffer.wrap(new byte[] { 3 }));
		this.template.send("s", "d", new Order("o-1", 3));
		assertThat(this.kinesis.calls).extracting((call) -> call.get(0).data().asByteArray())
			.containsExactly("caf\u00e9".getBytes(StandardCharsets.UTF_8), new byte[] { 1, 2 }, new byte[] { 3 },
					"{\"id\":\"o-1\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void refusesARecordOverOneMebibyteBeforeSendingAnything() {
		List<KinesisProducerRecord> records = List.of(new KinesisProducerRecord("a", "small"),
				new KinesisProducerRecord("b", new byte[1024 * 1024]));
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.sendAll("orders", records))
			.withMessageContaining("Record #1 (partition key 'b') for stream 'orders'");
		assertThat(this.kinesis.calls).isEmpty();
	}

	@Test
	void withoutAPayloadWriterObjectsAreRefusedWithTheirType() {
		KinesisTemplate raw = new KinesisTemplate(this.kinesis, null);
		assertThatIllegalArgumentException().isThrownBy(() -> raw.send("orders", "k", new Order("o", 1)))
			.withMessageContaining(Order.class.getName())
			.withMessageContaining("stream 'orders'");
	}

	private static List<KinesisProducerRecord> records(int count, int size) {
		return IntStream.range(0, count)
			.mapToObj((i) -> new KinesisProducerRecord("key-" + i, new byte[size]))
			.toList();
	}

	private static List<String> keys(List<PutRecordsRequestEntry> call) {
		return call.stream().map(PutRecordsRequestEntry::partitionKey).toList();
	}

	record Order(String id, int quantity) {
	}

	/**
	 * Takes every entry except those it was told to refuse a number of times.
	 */
	static class RecordingKinesis implements KinesisAsyncClient {

		final List<List<PutRecordsRequestEntry>> calls = new ArrayList<>();

		private final Map<String, Integer> refusals = new HashMap<>();

		private final Map<String, Integer> attempts = new HashMap<>();

		int failCall = -1;

		void refuse(String partitionKey, int times) {
			this.refusals.put(partitionKey, times);
		}

		@Override
		public CompletableFuture<PutRecordsResponse> putRecords(Consumer<PutRecordsRequest.Builder> request) {
			PutRecordsRequest built = PutRecordsRequest.builder().applyMutation(request).build();
			this.calls.add(built.records());
			if (this.calls.size() == this.failCall) {
				return CompletableFuture.failedFuture(ResourceNotFoundException.builder().message("gone").build());
			}
			List<PutRecordsResultEntry> results = new ArrayList<>();
			int failed = 0;
			for (PutRecordsRequestEntry entry : built.records()) {
				String key = entry.partitionKey();
				int attempt = this.attempts.merge(key, 1, Integer::sum);
				int refusals = this.refusals.getOrDefault(key, 0);
				if (refusals > 0) {
					this.refusals.put(key, refusals - 1);
					results.add(PutRecordsResultEntry.builder()
						.errorCode("ProvisionedThroughputExceededException")
						.errorMessage("slow down")
						.build());
					failed++;
				}
				else {
					results.add(PutRecordsResultEntry.builder()
						.shardId("shardId-000000000000")
						.sequenceNumber("seq-" + key + "-" + attempt)
						.build());
				}
			}
			return CompletableFuture
				.completedFuture(PutRecordsResponse.builder().records(results).failedRecordCount(failed).build());
		}

		@Override
		public String serviceName() {
			return "kinesis";
		}

		@Override
		public void close() {
		}

	}

}
