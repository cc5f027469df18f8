package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.kinetic.listener.BatchListenerFailedException;
import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryingDelivery}.
 */
class RetryingDeliveryTests {

	private final RecordingProgress progress = new RecordingProgress();

	private final ContainerStopSignal stopSignal = new ContainerStopSignal();

	private final List<KinesisFailedRecord> recovered = new ArrayList<>();

	@Test
	void deliversAFailingBatchAgainInOrderUntilTheListenerSucceedsWhenThereIsNoRecoverer() throws Exception {
		AtomicInteger failures = new AtomicInteger(3);
		Listener listener = new Listener((batch) -> {
			if (failures.getAndDecrement() > 0) {
				throw new IllegalStateException("down");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 2, null)
			.deliver(TestRecords.batch("a", "b", "c"), this.progress);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(3, false));
		assertThat(listener.calls).hasSize(4).allSatisfy((call) -> assertThat(call).isEqualTo(List.of("a", "b", "c")));
		assertThat(this.progress.processed).containsExactly(2);
		assertThat(this.progress.failures).isEqualTo(3);
	}

	@Test
	void recoversARecordAfterTheConfiguredAttemptsAndGoesOnWithTheNextOne() throws Exception {
		Listener listener = new Listener((payload) -> {
			if (payload.equals("poison")) {
				throw new IllegalArgumentException("cannot process poison");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 3, this.recovered::add)
			.deliver(TestRecords.batch("a", "poison", "c"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(this.progress.processed).containsExactly(0, 1, 2);
		assertThat(listener.calls).containsExactly("a", "poison", "poison", "poison", "c");
		assertThat(this.recovered).singleElement().satisfies((failed) -> {
			assertThat(failed.record().sequenceNumber()).isEqualTo("101");
			assertThat(failed.attempts()).isEqualTo(3);
			assertThat(failed.cause()).isInstanceOf(IllegalArgumentException.class);
			assertThat(failed.listenerId()).isEqualTo("single");
			assertThat(failed.streamName()).isEqualTo(TestRecords.STREAM);
			assertThat(failed.shardId()).isEqualTo(TestRecords.SHARD);
			assertThat(failed.isConversionFailure()).isFalse();
		});
	}

	@Test
	void sendsAnUnconvertibleRecordToTheRecovererWithoutRetrying() throws Exception {
		Listener listener = new Listener((payload) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "orders", 5, this.recovered::add)
			.deliver(TestRecords.batch("{\"id\":\"1\"}", "{oops", "{\"id\":\"3\"}"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).hasSize(2);
		assertThat(this.recovered).singleElement().satisfies((failed) -> {
			assertThat(failed.attempts()).isEqualTo(1);
			assertThat(failed.isConversionFailure()).isTrue();
			assertThat(StandardCharsets.UTF_8.decode(failed.record().data().duplicate()).toString()).isEqualTo("{oops");
		});
	}

	@Test
	void resumesABatchFromTheFailedIndexAndReportsTheRecordsBeforeItProcessed() throws Exception {
		AtomicInteger failures = new AtomicInteger(1);
		Listener listener = new Listener((batch) -> {
			if (failures.getAndDecrement() > 0) {
				throw new BatchListenerFailedException(2, new IllegalStateException("c failed"));
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 10, null)
			.deliver(TestRecords.batch("a", "b", "c", "d"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly(List.of("a", "b", "c", "d"), List.of("c", "d"));
		assertThat(this.progress.processed).containsExactly(1, 3);
	}

	@Test
	void recoversTheWholeRestOfTheBatchWhenABatchListenerFailsWithoutAnIndex() throws Exception {
		Listener listener = new Listener((batch) -> {
			throw new IllegalStateException("down");
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 2, this.recovered::add)
			.deliver(TestRecords.batch("a", "b"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).hasSize(2);
		assertThat(this.recovered).extracting((failed) -> failed.record().sequenceNumber())
			.containsExactly("100", "101");
	}

	@Test
	void asksTheRecovererAgainAfterItFails() throws Exception {
		AtomicInteger recovererFailures = new AtomicInteger(2);
		Listener listener = new Listener((payload) -> {
			throw new IllegalStateException("down");
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 1, (failed) -> {
			if (recovererFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("dead-letter stream unavailable");
			}
			this.recovered.add(failed);
		}).deliver(TestRecords.batch("a"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(this.recovered).hasSize(1);
		assertThat(listener.calls).hasSize(3);
	}

	@Test
	void haltsWithTheFailedRecordsUnprocessedWhenTheContainerStopsDuringARetry() throws Exception {
		Listener listener = new Listener((payload) -> {
			if (payload.equals("b")) {
				this.stopSignal.stop();
				throw new IllegalStateException("down");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 10, this.recovered::add)
			.deliver(TestRecords.batch("a", "b", "c"), this.progress);
		assertThat(outcome).isEqualTo(RetryingDelivery.Outcome.halted(1));
		assertThat(listener.calls).containsExactly("a", "b");
		assertThat(this.progress.processed).containsExactly(0);
		assertThat(this.recovered).isEmpty();
	}

	private RetryingDelivery delivery(Listener listener, String method, int maxAttempts,
			@Nullable KinesisRecordRecoverer recoverer) {
		Method listenerMethod = ReflectionUtils.findMethod(Listener.class, method, (Class<?>[]) null);
		if (listenerMethod == null) {
			listenerMethod = List.of(Listener.class.getDeclaredMethods())
				.stream()
				.filter((candidate) -> candidate.getName().equals(method))
				.findFirst()
				.orElseThrow();
		}
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint(method, listener, listenerMethod, List.of());
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(endpoint,
				new DefaultPayloadConverter(new JacksonPayloadConverter(new JsonMapper())), CheckpointMode.BATCH);
		FailurePolicy policy = new FailurePolicy(new FixedBackOff(1), maxAttempts, recoverer);
		return new RetryingDelivery(invoker, policy, this.stopSignal, ListenerObserver.NONE,
				new ListenerShard(method, TestRecords.STREAM, TestRecords.SHARD), ContainerLifecycle.none());
	}

	static class RecordingProgress implements RetryingDelivery.Progress {

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

	record Order(String id) {
	}

	static class Listener {

		final List<Object> calls = new ArrayList<>();

		private final Consumer<Object> behaviour;

		Listener(Consumer<Object> behaviour) {
			this.behaviour = behaviour;
		}

		void batch(List<String> batch) {
			this.calls.add(List.copyOf(batch));
			this.behaviour.accept(batch);
		}

		void single(String payload) {
			this.calls.add(payload);
			this.behaviour.accept(payload);
		}

		void orders(List<Order> orders) {
			this.calls.add(orders);
			this.behaviour.accept(orders);
		}

	}

}
