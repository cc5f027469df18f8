package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

/**
 * Builds a {@link RetryingDelivery} around a recording listener, with a clock the test
 * moves, for the unit tests of the delivery controls.
 */
final class DeliveryFixture {

	final ContainerStopSignal stopSignal = new ContainerStopSignal();

	final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:05:00Z"));

	final Progress progress = new Progress();

	RetryingDelivery delivery(Listener listener, String method, FailurePolicy policy, ListenerObserver observer) {
		Method listenerMethod = List.of(Listener.class.getDeclaredMethods())
			.stream()
			.filter((candidate) -> candidate.getName().equals(method))
			.findFirst()
			.orElseThrow();
		ReflectionUtils.makeAccessible(listenerMethod);
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint(method, listener, listenerMethod, List.of());
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(endpoint,
				new DefaultPayloadConverter(new JacksonPayloadConverter(new JsonMapper())), CheckpointMode.BATCH);
		return new RetryingDelivery(invoker, policy, this.stopSignal, observer,
				new ListenerShard(method, TestRecords.STREAM, TestRecords.SHARD), this.clock,
				ContainerLifecycle.none());
	}

	/**
	 * A binding of a listener that processes each shard's records one after the other,
	 * with nothing blocked and every record delivered.
	 */
	static ListenerBinding binding(ListenerMethodInvoker invoker, CheckpointMode mode, Duration checkpointInterval,
			FailurePolicy policy) {
		return binding(invoker, mode, checkpointInterval, policy, null);
	}

	/**
	 * A binding of a listener that processes each shard's records one after the other,
	 * given only the records the filter accepts.
	 */
	static ListenerBinding binding(ListenerMethodInvoker invoker, CheckpointMode mode, Duration checkpointInterval,
			FailurePolicy policy, @Nullable KinesisRecordFilter filter) {
		return new ListenerBinding(invoker, mode, checkpointInterval, policy, filter,
				new KeyConcurrency(invoker.endpoint().id(), 1, Duration.ZERO), ContainerLifecycle.none());
	}

	/**
	 * A batch whose records have the given sequence numbers; each arrived that many
	 * seconds after 2026-11-25T10:00:00Z, and its data is {@code r<sequence number>}.
	 */
	static ShardBatch batchOf(long... sequenceNumbers) {
		List<KinesisClientRecord> records = new ArrayList<>();
		for (long sequenceNumber : sequenceNumbers) {
			records.add(TestRecords.record(sequenceNumber, "r" + sequenceNumber));
		}
		return new ShardBatch(TestRecords.STREAM, TestRecords.SHARD, records, 0L);
	}

	static class Listener {

		// synchronized: with concurrency the listener is called from several threads
		final List<Object> calls = Collections.synchronizedList(new ArrayList<>());

		final List<Object> succeeded = Collections.synchronizedList(new ArrayList<>());

		private final Consumer<Object> behaviour;

		Listener(Consumer<Object> behaviour) {
			this.behaviour = behaviour;
		}

		void batch(List<String> batch) {
			this.calls.add(List.copyOf(batch));
			this.behaviour.accept(batch);
			this.succeeded.add(List.copyOf(batch));
		}

		void single(String payload) {
			this.calls.add(payload);
			this.behaviour.accept(payload);
			this.succeeded.add(payload);
		}

	}

	static class Progress implements RetryingDelivery.Progress {

		final List<Integer> processed = new ArrayList<>();

		int failures;

		@Override
		public void processed(int index) {
			this.processed.add(index);
		}

		@Override
		public void checkpoint(int index) {
			throw new IllegalStateException("not a manual listener");
		}

		@Override
		public void failed() {
			this.failures++;
		}

		@Override
		public boolean leaseLost() {
			return false;
		}

	}

	static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
