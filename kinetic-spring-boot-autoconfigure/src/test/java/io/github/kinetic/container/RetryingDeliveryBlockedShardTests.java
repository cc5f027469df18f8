package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.kinetic.lifecycle.BlockedShard;
import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link RetryingDelivery} reports and releases a shard blocked on a record
 * that fails with no recoverer.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetryingDeliveryBlockedShardTests {

	private static final ListenerShard SHARD = new ListenerShard("single", TestRecords.STREAM, TestRecords.SHARD);

	private final ContainerLifecycle lifecycle = ContainerLifecycle.none();

	private final List<String> skipped = new ArrayList<>();

	private final RetryingDeliveryTests.RecordingProgress progress = new RetryingDeliveryTests.RecordingProgress();

	@Test
	void logsTheStackTraceAtTheFirstAttemptAndOneLineAtEachOneAfter(CapturedOutput output) {
		AtomicInteger failures = new AtomicInteger(4);
		List<List<BlockedShard>> seenByListener = new ArrayList<>();
		Listener listener = new Listener((payload) -> {
			if (payload.equals("poison")) {
				seenByListener.add(this.lifecycle.blockedShards());
				if (failures.getAndDecrement() > 0) {
					throw new IllegalStateException("cannot process poison");
				}
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, 2, null).deliver(TestRecords.batch("a", "poison", "c"),
				this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly("a", "poison", "poison", "poison", "poison", "poison", "c");
		// blocked from the attempt that exhausted the maximum of 2
		assertThat(seenByListener.get(1)).isEmpty();
		assertThat(seenByListener.get(2)).singleElement().satisfies((blocked) -> {
			assertThat(blocked.sequenceNumber()).isEqualTo("101");
			assertThat(blocked.attempts()).isEqualTo(2);
			assertThat(blocked.failure()).isEqualTo("java.lang.IllegalStateException: cannot process poison");
		});
		assertThat(seenByListener.get(4)).singleElement()
			.satisfies((blocked) -> assertThat(blocked.attempts()).isEqualTo(4));
		assertThat(this.lifecycle.blockedShards()).isEmpty();
		String log = output.toString();
		assertThat(log).containsOnlyOnce(
				"Listener single failed on orders/shardId-000000000000 at sequence number 101" + " (attempt 1");
		for (int attempt = 2; attempt <= 4; attempt++) {
			assertThat(log).containsOnlyOnce("Listener single failed again on orders/shardId-000000000000 at sequence"
					+ " number 101 (attempt " + attempt + "): java.lang.IllegalStateException: cannot process poison;"
					+ " retrying in 1 ms");
		}
		assertThat(log).containsOnlyOnce("java.lang.IllegalStateException: cannot process poison\n");
		assertThat(log.substring(log.indexOf("(attempt 2)"))).doesNotContain("\tat ");
	}

	@Test
	void skipsTheBlockedRecordOnceWhenAnOperatorAsksAndGoesOnWithTheNextOne(CapturedOutput output) {
		AtomicInteger attempts = new AtomicInteger();
		List<@Nullable BlockedShard> requested = new ArrayList<>();
		Listener listener = new Listener((payload) -> {
			if (payload.equals("poison")) {
				if (attempts.incrementAndGet() == 3) {
					// the operator, during the back-off after this attempt
					requested.add(this.lifecycle
						.requestSkip(new ListenerShard("single", TestRecords.STREAM, TestRecords.SHARD)));
				}
				throw new IllegalStateException("cannot process poison");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, 2, null).deliver(TestRecords.batch("a", "poison", "c"),
				this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly("a", "poison", "poison", "poison", "c");
		assertThat(requested).singleElement().satisfies((blocked) -> {
			assertThat(blocked).isNotNull();
			assertThat(blocked.skipRequested()).isTrue();
		});
		assertThat(this.progress.processed).containsExactly(0, 1, 2);
		assertThat(this.skipped).containsExactly("101");
		assertThat(this.lifecycle.blockedShards()).isEmpty();
		assertThat(output).contains("Record of orders/shardId-000000000000 at sequence number 101 skipped by an"
				+ " operator: listener single never processed it");
	}

	@Test
	void neverBlocksAShardWhoseRecordARecovererTakes() {
		List<Integer> blockedSeen = new ArrayList<>();
		Listener listener = new Listener((payload) -> {
			if (payload.equals("poison")) {
				blockedSeen.add(this.lifecycle.blockedShards().size());
				throw new IllegalStateException("cannot process poison");
			}
		});
		List<String> recovered = new ArrayList<>();
		RetryingDelivery.Outcome outcome = delivery(listener, 3,
				(failed) -> recovered.add(failed.record().sequenceNumber()))
			.deliver(TestRecords.batch("a", "poison", "c"), this.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(recovered).containsExactly("101");
		assertThat(blockedSeen).containsExactly(0, 0, 0);
		assertThat(this.lifecycle.blockedShards()).isEmpty();
	}

	@Test
	void refusesASkipOfAShardThatIsNotBlocked() {
		assertThat(this.lifecycle.requestSkip(new ListenerShard("single", TestRecords.STREAM, TestRecords.SHARD)))
			.isNull();
	}

	private RetryingDelivery delivery(Listener listener, int maxAttempts, @Nullable KinesisRecordRecoverer recoverer) {
		Method method = List.of(Listener.class.getDeclaredMethods())
			.stream()
			.filter((candidate) -> candidate.getName().equals("single"))
			.findFirst()
			.orElseThrow();
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint("single", listener, method, List.of());
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(endpoint,
				new DefaultPayloadConverter(new JacksonPayloadConverter(new JsonMapper())), CheckpointMode.BATCH);
		ListenerObserver skips = new ListenerObserver() {

			@Override
			public void recordSkipped(ListenerShard shard, String sequenceNumber) {
				RetryingDeliveryBlockedShardTests.this.skipped.add(sequenceNumber);
			}

		};
		return new RetryingDelivery(invoker, new FailurePolicy(new FixedBackOff(1), maxAttempts, recoverer),
				new ContainerStopSignal(),
				ListenerObserver.composite(List.of(this.lifecycle.blockedShardTracker(), skips)), SHARD,
				this.lifecycle);
	}

	static class Listener {

		final List<Object> calls = new ArrayList<>();

		private final Consumer<Object> behaviour;

		Listener(Consumer<Object> behaviour) {
			this.behaviour = behaviour;
		}

		void single(String payload) {
			this.calls.add(payload);
			this.behaviour.accept(payload);
		}

	}

}
