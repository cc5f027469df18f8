package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link KeyGroupDelivery}.
 */
class KeyGroupDeliveryTests {

	private final DeliveryFixture fixture = new DeliveryFixture();

	private final List<KinesisFailedRecord> recovered = Collections.synchronizedList(new ArrayList<>());

	private final List<KeyGroupDelivery> deliveries = new ArrayList<>();

	@AfterEach
	void close() {
		this.fixture.stopSignal.stop();
		this.deliveries.forEach(KeyGroupDelivery::close);
	}

	@Test
	void deliversTheRecordsOfEachKeyInOrder() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
		});
		ShardBatch batch = batch("a:1", "b:1", "a:2", "c:1", "b:2", "a:3", "c:2", "b:3");
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 4, null, Duration.ofSeconds(5)).deliver(batch,
				() -> false);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(8, false));
		assertThat(listener.calls).hasSize(8);
		assertThat(ofKey(listener.calls, "a")).containsExactly("a:1", "a:2", "a:3");
		assertThat(ofKey(listener.calls, "b")).containsExactly("b:1", "b:2", "b:3");
		assertThat(ofKey(listener.calls, "c")).containsExactly("c:1", "c:2");
	}

	@Test
	void givesABatchListenerTheRecordsOfOneKeyPerCall() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 2, null, Duration.ofSeconds(5))
			.deliver(batch("a:1", "b:1", "a:2", "b:2", "a:3"), () -> false);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(5, false));
		assertThat(listener.calls).containsExactlyInAnyOrder(List.of("a:1", "a:2", "a:3"), List.of("b:1", "b:2"));
	}

	@Test
	void runsKeysInParallelOnNamedThreads() {
		// each call waits until two calls are in flight: only parallel keys get through
		CountDownLatch bothInFlight = new CountDownLatch(2);
		Set<String> threads = ConcurrentHashMap.newKeySet();
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			threads.add(Thread.currentThread().getName());
			bothInFlight.countDown();
			if (!awaitLatch(bothInFlight)) {
				throw new IllegalStateException("the other key never ran at the same time");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 2, this.recovered::add, Duration.ofSeconds(5))
			.deliver(batch("a:1", "b:1"), () -> false);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(2, false));
		assertThat(this.recovered).isEmpty();
		assertThat(threads).hasSize(2).allSatisfy((name) -> assertThat(name).matches("kinetic-single-\\d+"));
	}

	@Test
	void aFailingKeyBlocksOnlyItselfAndHoldsTheLowWatermarkBeforeIt() throws Exception {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			if (payload.equals("b:1")) {
				throw new IllegalStateException("b is down");
			}
		});
		KeyGroupDelivery delivery = delivery(listener, "single", 4, null, Duration.ofSeconds(5));
		ShardBatch batch = batch("a:1", "b:1", "a:2", "b:2", "c:1");
		CompletableFuture<RetryingDelivery.Outcome> outcome = CompletableFuture
			.supplyAsync(() -> delivery.deliver(batch, () -> false));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.succeeded.containsAll(List.of("a:1", "a:2", "c:1"))
					&& listener.calls.stream().filter("b:1"::equals).count() >= 3);
		assertThat(outcome).isNotDone();
		this.fixture.stopSignal.stop();
		assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(new RetryingDelivery.Outcome(1, true));
		assertThat(listener.calls).doesNotContain("b:2");
	}

	@Test
	void recoveredRecordsLetTheWatermarkPassAndTheKeyGoOn() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			if (payload.equals("b:1")) {
				throw new IllegalStateException("b:1 is poison");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 4, this.recovered::add, Duration.ofSeconds(5))
			.deliver(batch("a:1", "b:1", "a:2", "b:2"), () -> false);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(4, false));
		assertThat(this.recovered).extracting((failed) -> failed.record().partitionKey()).containsExactly("b");
		assertThat(ofKey(listener.succeeded, "b")).containsExactly("b:2");
	}

	@Test
	void stopWaitsForCallsInFlightUpToTheShutdownTimeoutAndStartsNoOtherKey() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			if (payload.equals("a:2") || payload.equals("b:2")) {
				awaitLatch(release);
			}
		});
		KeyGroupDelivery delivery = delivery(listener, "single", 2, null, Duration.ofMillis(500));
		ShardBatch batch = batch("a:1", "b:1", "a:2", "b:2", "c:1");
		CompletableFuture<RetryingDelivery.Outcome> outcome = CompletableFuture
			.supplyAsync(() -> delivery.deliver(batch, () -> false));
		// a:2 and b:2 are in flight on both threads; c waits for a thread and must not
		// start once stopping
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.calls.containsAll(List.of("a:2", "b:2")));
		this.fixture.stopSignal.stop();
		RetryingDelivery.Outcome stopped = outcome.get(30, TimeUnit.SECONDS);
		release.countDown();
		assertThat(stopped).isEqualTo(new RetryingDelivery.Outcome(2, true));
		assertThat(listener.calls).doesNotContain("c:1");
	}

	@Test
	void theSessionCheckpointsOnlyTheLowWatermarkWhenStopped() throws Exception {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			if (payload.equals("b:1")) {
				throw new IllegalStateException("b is down");
			}
		});
		ListenerShard shard = new ListenerShard("single", TestRecords.STREAM, TestRecords.SHARD);
		RetryingDelivery retrying = this.fixture.delivery(listener, "single",
				new FailurePolicy(new FixedBackOff(20), Integer.MAX_VALUE, null), ListenerObserver.NONE);
		KeyGroupDelivery keyGroups = new KeyGroupDelivery(retrying,
				new KeyConcurrency("single", 4, Duration.ofSeconds(5)), this.fixture.stopSignal, shard);
		this.deliveries.add(keyGroups);
		ShardSession session = new ShardSession(shard,
				new ShardSession.RecordFilterStage(null, ListenerObserver.NONE, shard), retrying, keyGroups,
				CheckpointPolicy.of(CheckpointMode.BATCH, Duration.ofSeconds(10), System::nanoTime),
				new CheckpointWriter(TestRecords.STREAM, TestRecords.SHARD, this.fixture.stopSignal));
		RecordingCheckpointer kcl = new RecordingCheckpointer();
		session.process(batch("a:1", "c:1"), kcl.proxy());
		assertThat(kcl.checkpoints).containsExactly("101");
		CompletableFuture<Void> second = CompletableFuture
			.runAsync(() -> session.process(batchFrom(200, "a:2", "b:1", "a:3", "c:2"), kcl.proxy()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.succeeded.containsAll(List.of("a:2", "a:3", "c:2")));
		this.fixture.stopSignal.stop();
		second.get(30, TimeUnit.SECONDS);
		session.shutdownRequested(kcl.proxy());
		// a:2 (sequence number 200) is the last record before b:1, which failed
		assertThat(kcl.checkpoints).containsExactly("101", "200");
	}

	private KeyGroupDelivery delivery(DeliveryFixture.Listener listener, String method, int concurrency,
			@Nullable KinesisRecordRecoverer recoverer, Duration shutdownTimeout) {
		FailurePolicy policy = new FailurePolicy(new FixedBackOff(20), (recoverer != null) ? 1 : Integer.MAX_VALUE,
				recoverer);
		RetryingDelivery retrying = this.fixture.delivery(listener, method, policy, ListenerObserver.NONE);
		KeyGroupDelivery delivery = new KeyGroupDelivery(retrying,
				new KeyConcurrency(method, concurrency, shutdownTimeout), this.fixture.stopSignal,
				new ListenerShard(method, TestRecords.STREAM, TestRecords.SHARD));
		this.deliveries.add(delivery);
		return delivery;
	}

	/**
	 * A batch of records written as "key:n", with sequence numbers 100, 101, ...
	 */
	private static ShardBatch batch(String... records) {
		return batchFrom(100, records);
	}

	private static ShardBatch batchFrom(long firstSequenceNumber, String... records) {
		List<KinesisClientRecord> batch = new ArrayList<>();
		for (int i = 0; i < records.length; i++) {
			batch.add(TestRecords.record(firstSequenceNumber + i, records[i])
				.toBuilder()
				.partitionKey(records[i].substring(0, records[i].indexOf(':')))
				.build());
		}
		return new ShardBatch(TestRecords.STREAM, TestRecords.SHARD, batch, 0L);
	}

	private static List<Object> ofKey(List<Object> calls, String key) {
		synchronized (calls) {
			return calls.stream().filter((call) -> call.toString().startsWith(key + ":")).toList();
		}
	}

	private static boolean awaitLatch(CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Records the sequence numbers KCL is asked to checkpoint.
	 */
	static final class RecordingCheckpointer {

		final List<String> checkpoints = Collections.synchronizedList(new ArrayList<>());

		RecordProcessorCheckpointer proxy() {
			RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);
			try {
				willAnswer((invocation) -> {
					this.checkpoints.add(invocation.getArgument(0));
					return null;
				}).given(kcl).checkpoint(anyString(), anyLong());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return kcl;
		}

	}

}
