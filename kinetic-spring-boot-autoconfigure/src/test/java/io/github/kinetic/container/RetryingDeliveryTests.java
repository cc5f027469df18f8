package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.kinetic.listener.BatchListenerFailedException;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link RetryingDelivery}.
 */
class RetryingDeliveryTests {

	private final RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);

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
		boolean delivered = delivery(listener, "batch", 2, null).deliver(TestRecords.batch("a", "b", "c"));
		assertThat(delivered).isTrue();
		assertThat(listener.calls).hasSize(4).allSatisfy((call) -> assertThat(call).isEqualTo(List.of("a", "b", "c")));
		verifyNoInteractions(this.kcl);
	}

	@Test
	void recoversARecordAfterTheConfiguredAttemptsAndGoesOnWithTheNextOne() throws Exception {
		Listener listener = new Listener((payload) -> {
			if (payload.equals("poison")) {
				throw new IllegalArgumentException("cannot process poison");
			}
		});
		boolean delivered = delivery(listener, "single", 3, this.recovered::add)
			.deliver(TestRecords.batch("a", "poison", "c"));
		assertThat(delivered).isTrue();
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
		boolean delivered = delivery(listener, "orders", 5, this.recovered::add)
			.deliver(TestRecords.batch("{\"id\":\"1\"}", "{oops", "{\"id\":\"3\"}"));
		assertThat(delivered).isTrue();
		assertThat(listener.calls).hasSize(2);
		assertThat(this.recovered).singleElement().satisfies((failed) -> {
			assertThat(failed.attempts()).isEqualTo(1);
			assertThat(failed.isConversionFailure()).isTrue();
			assertThat(StandardCharsets.UTF_8.decode(failed.record().data().duplicate()).toString()).isEqualTo("{oops");
		});
	}

	@Test
	void resumesABatchFromTheFailedIndexAndCheckpointsTheRecordsBeforeIt() throws Exception {
		AtomicInteger failures = new AtomicInteger(1);
		Listener listener = new Listener((batch) -> {
			if (failures.getAndDecrement() > 0) {
				throw new BatchListenerFailedException(2, new IllegalStateException("c failed"));
			}
		});
		boolean delivered = delivery(listener, "batch", 10, null).deliver(TestRecords.batch("a", "b", "c", "d"));
		assertThat(delivered).isTrue();
		assertThat(listener.calls).containsExactly(List.of("a", "b", "c", "d"), List.of("c", "d"));
		verify(this.kcl).checkpoint("101", 0L);
	}

	@Test
	void recoversTheWholeRestOfTheBatchWhenABatchListenerFailsWithoutAnIndex() throws Exception {
		Listener listener = new Listener((batch) -> {
			throw new IllegalStateException("down");
		});
		boolean delivered = delivery(listener, "batch", 2, this.recovered::add).deliver(TestRecords.batch("a", "b"));
		assertThat(delivered).isTrue();
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
		boolean delivered = delivery(listener, "single", 1, (failed) -> {
			if (recovererFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("dead-letter stream unavailable");
			}
			this.recovered.add(failed);
		}).deliver(TestRecords.batch("a"));
		assertThat(delivered).isTrue();
		assertThat(this.recovered).hasSize(1);
		assertThat(listener.calls).hasSize(3);
	}

	@Test
	void leavesTheFailedRecordsUncheckpointedWhenTheContainerStopsDuringARetry() throws Exception {
		Listener listener = new Listener((payload) -> {
			if (payload.equals("b")) {
				this.stopSignal.stop();
				throw new IllegalStateException("down");
			}
		});
		boolean delivered = delivery(listener, "single", 10, this.recovered::add)
			.deliver(TestRecords.batch("a", "b", "c"));
		assertThat(delivered).isFalse();
		assertThat(listener.calls).containsExactly("a", "b");
		verify(this.kcl).checkpoint("100", 0L);
		verify(this.kcl, never()).checkpoint("101", 0L);
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
		ShardCheckpointer checkpointer = new ShardCheckpointer(TestRecords.STREAM, TestRecords.SHARD, this.stopSignal);
		checkpointer.use(this.kcl);
		CheckpointStrategy strategy = CheckpointStrategy.create(CheckpointMode.BATCH, Duration.ZERO, checkpointer,
				System::nanoTime);
		FailurePolicy policy = new FailurePolicy(new FixedBackOff(1), maxAttempts, recoverer);
		return new RetryingDelivery(invoker, policy, strategy, checkpointer, this.stopSignal);
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
