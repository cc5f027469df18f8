package io.github.kinetic.lifecycle;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.event.ListenerIdleEvent;
import io.github.kinetic.event.ShardEndedEvent;
import io.github.kinetic.event.ShardEvent;
import io.github.kinetic.event.ShardLeaseAcquiredEvent;
import io.github.kinetic.event.ShardLeaseLostEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.context.ApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShardLifecycleProcessor} and {@link ListenerPauses}.
 */
class ShardLifecycleProcessorTests {

	private static final String SHARD = "shardId-000000000000";

	private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	private final ListenerPauses pauses = new ListenerPauses();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final AtomicBoolean leaseHeld = new AtomicBoolean(true);

	private final AtomicLong nanoTime = new AtomicLong();

	private final RecordingProcessor delegate = new RecordingProcessor();

	@Test
	void publishesTheLeaseAcquiredAndLostEventsOfTheShardAfterTheDelegateRan() {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		processor.leaseLost(LeaseLostInput.builder().build());
		assertThat(this.delegate.calls).containsExactly("initialize", "leaseLost");
		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).isInstanceOf(ShardLeaseAcquiredEvent.class);
		assertThat(this.events.get(1)).isInstanceOf(ShardLeaseLostEvent.class);
		assertThat(this.events).allSatisfy((event) -> {
			ShardEvent shardEvent = (ShardEvent) event;
			assertThat(shardEvent.getApplicationName()).isEqualTo("hubble");
			assertThat(shardEvent.getListenerId()).isEqualTo("orders-listener");
			assertThat(shardEvent.getStream()).isEqualTo("orders");
			assertThat(shardEvent.getShardId()).isEqualTo(SHARD);
			assertThat(shardEvent.getSource()).isEqualTo("container");
		});
	}

	@Test
	void publishesTheChildShardsKinesisReportedWhenTheShardEnds() {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		processor.processRecords(ProcessRecordsInput.builder()
			.records(List.of(record("1")))
			.childShards(List.of(ChildShard.builder().shardId("shardId-000000000001").build(),
					ChildShard.builder().shardId("shardId-000000000002").build()))
			.build());
		processor.shardEnded(ShardEndedInput.builder().build());
		assertThat(this.delegate.calls).containsExactly("initialize", "processRecords 1", "shardEnded");
		ShardEndedEvent ended = (ShardEndedEvent) this.events.get(1);
		assertThat(ended.getChildShardIds()).containsExactly("shardId-000000000001", "shardId-000000000002");
	}

	@Test
	void publishesAnIdleEventEachIntervalWithoutRecordsAndNoneWhileRecordsCome() {
		ShardRecordProcessor processor = processor(Duration.ofSeconds(10));
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		this.nanoTime.addAndGet(Duration.ofSeconds(9).toNanos());
		processor.processRecords(empty());
		assertThat(idleEvents()).isEmpty();
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		processor.processRecords(empty());
		assertThat(idleEvents()).extracting(ListenerIdleEvent::getIdleTime).containsExactly(Duration.ofSeconds(10));
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		processor.processRecords(empty());
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		processor.processRecords(empty());
		assertThat(idleEvents()).extracting(ListenerIdleEvent::getIdleTime)
			.containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
		processor.processRecords(input("1"));
		this.nanoTime.addAndGet(Duration.ofSeconds(9).toNanos());
		processor.processRecords(empty());
		assertThat(idleEvents()).hasSize(2);
	}

	@Test
	void publishesNoIdleEventWithoutAnInterval() {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		this.nanoTime.addAndGet(Duration.ofDays(1).toNanos());
		processor.processRecords(empty());
		assertThat(idleEvents()).isEmpty();
	}

	@Test
	void holdsTheBatchWhilePausedAndDeliversItOnResume() throws Exception {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		assertThat(this.pauses.pause("orders-listener")).isTrue();
		assertThat(this.pauses.pause("orders-listener")).isFalse();
		CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> processor.processRecords(input("1")));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !delivery.isDone());
		assertThat(this.delegate.calls).containsExactly("initialize");
		assertThat(this.pauses.resume("orders-listener")).isTrue();
		delivery.get(5, TimeUnit.SECONDS);
		processor.processRecords(input("2"));
		assertThat(this.delegate.calls).containsExactly("initialize", "processRecords 1", "processRecords 2");
	}

	@Test
	void pausesOneShardOfAListenerWithoutTheOthers() throws Exception {
		this.pauses.pause("orders-listener", "orders", "shardId-000000000001");
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		processor.processRecords(input("1"));
		assertThat(this.delegate.calls).containsExactly("initialize", "processRecords 1");
		assertThat(this.pauses.isPaused("orders-listener", "orders", "shardId-000000000001")).isTrue();
		assertThat(this.pauses.isPaused("orders-listener", "orders", SHARD)).isFalse();
		assertThat(this.pauses.isPaused("orders-listener")).isFalse();
	}

	@Test
	void dropsTheHeldBatchAndEveryLaterOneAndDoesNotEndTheShardWhenTheContainerStopsWhilePaused() throws Exception {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		this.pauses.pause("orders-listener");
		CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> processor.processRecords(input("1")));
		this.stopping.set(true);
		this.pauses.wake();
		delivery.get(5, TimeUnit.SECONDS);
		this.pauses.resume("orders-listener");
		processor.processRecords(input("2"));
		processor.shardEnded(ShardEndedInput.builder().build());
		processor.shutdownRequested(ShutdownRequestedInput.builder().build());
		assertThat(this.delegate.calls).containsExactly("initialize", "shutdownRequested");
		assertThat(this.events).noneMatch(ShardEndedEvent.class::isInstance);
	}

	@Test
	void dropsTheHeldBatchWhenTheLeaseIsLostWhilePaused() throws Exception {
		ShardRecordProcessor processor = processor(null);
		processor.initialize(InitializationInput.builder().shardId(SHARD).build());
		this.pauses.pause("orders-listener", "orders", SHARD);
		CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> processor.processRecords(input("1")));
		this.leaseHeld.set(false);
		delivery.get(5, TimeUnit.SECONDS);
		processor.leaseLost(LeaseLostInput.builder().build());
		assertThat(this.delegate.calls).containsExactly("initialize", "leaseLost");
	}

	private List<ListenerIdleEvent> idleEvents() {
		return this.events.stream()
			.filter(ListenerIdleEvent.class::isInstance)
			.map(ListenerIdleEvent.class::cast)
			.toList();
	}

	private ShardRecordProcessor processor(Duration idleEventInterval) {
		ContainerEvents containerEvents = new ContainerEvents((event) -> this.events.add((ApplicationEvent) event),
				"container", "hubble");
		ShardLifecycle lifecycle = new ShardLifecycle(containerEvents, this.pauses, idleEventInterval,
				this.stopping::get, (stream, shard) -> this.leaseHeld.get(), this.nanoTime::get);
		return lifecycle.wrap(this.delegate, "orders-listener", "orders");
	}

	private static ProcessRecordsInput input(String data) {
		return ProcessRecordsInput.builder().records(List.of(record(data))).build();
	}

	private static ProcessRecordsInput empty() {
		return ProcessRecordsInput.builder().records(List.of()).build();
	}

	private static KinesisClientRecord record(String data) {
		return KinesisClientRecord.builder().sequenceNumber(data).data(ByteBuffer.wrap(data.getBytes())).build();
	}

	private static final class RecordingProcessor implements ShardRecordProcessor {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Override
		public void initialize(InitializationInput input) {
			this.calls.add("initialize");
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			this.calls.add("processRecords "
					+ String.join(",", input.records().stream().map(KinesisClientRecord::sequenceNumber).toList()));
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
			this.calls.add("leaseLost");
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
			this.calls.add("shardEnded");
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
			this.calls.add("shutdownRequested");
		}

	}

}
