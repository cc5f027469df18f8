package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BisectingCalls}, through the {@link RetryingDelivery} that uses them.
 */
class BisectingCallsTests {

	private final DeliveryFixture fixture = new DeliveryFixture();

	private final List<KinesisFailedRecord> recovered = new ArrayList<>();

	@Test
	void narrowsAFailingBatchDownToThePoisonRecordWhichAloneUsesUpTheAttempts() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener(failingOn("r5"));
		RetryingDelivery delivery = this.fixture.delivery(listener, "batch",
				new FailurePolicy(new FixedBackOff(1), 3, this.recovered::add, null, true), ListenerObserver.NONE);
		RetryingDelivery.Outcome outcome = delivery.deliver(batchOf16(), this.fixture.progress);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(16, false));
		assertThat(listener.calls).containsExactly(records(0, 16), records(0, 8), records(0, 4), records(4, 8),
				records(4, 6), records(4, 5), records(5, 6), records(5, 6), records(5, 6), records(6, 16));
		assertThat(listener.succeeded).containsExactly(records(0, 4), records(4, 5), records(6, 16));
		assertThat(this.recovered).singleElement().satisfies((failed) -> {
			assertThat(failed.record().sequenceNumber()).isEqualTo("5");
			assertThat(failed.attempts()).isEqualTo(3);
			assertThat(failed.cause()).hasMessage("cannot process r5");
		});
		assertThat(this.fixture.progress.processed).containsExactly(3, 4, 5, 15);
	}

	@Test
	void withoutBisectingTheWholeRestOfTheBatchIsRetriedAndRecovered() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener(failingOn("r5"));
		RetryingDelivery delivery = this.fixture.delivery(listener, "batch",
				new FailurePolicy(new FixedBackOff(1), 3, this.recovered::add, null, false), ListenerObserver.NONE);
		delivery.deliver(batchOf16(), this.fixture.progress);
		assertThat(listener.calls).containsExactly(records(0, 16), records(0, 16), records(0, 16));
		assertThat(this.recovered).hasSize(16);
	}

	@Test
	void aRecordThatFailsOnlyOnceIsDeliveredAloneOnceMoreAndTheRestTogether() {
		List<String> failing = new ArrayList<>(List.of("r9"));
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
			if (((List<?>) batch).stream().anyMatch(failing::contains)) {
				throw new IllegalStateException("r9 not yet");
			}
		});
		RetryingDelivery delivery = this.fixture.delivery(listener, "batch",
				new FailurePolicy(new FixedBackOff(1), 3, null, null, true), ListenerObserver.NONE);
		// the listener recovers from r9 once it was found: a retry succeeds
		RetryingDelivery.Outcome outcome = delivery.deliver(batchOf16(), new DeliveryFixture.Progress() {

			@Override
			public void failed() {
				failing.clear();
				super.failed();
			}

		});
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly(records(0, 16), records(0, 8), records(8, 16), records(8, 12),
				records(8, 10), records(8, 9), records(9, 10), records(9, 10), records(10, 16));
		assertThat(listener.succeeded).containsExactly(records(0, 8), records(8, 9), records(9, 10), records(10, 16));
	}

	@Test
	void aListenerSettingOverridesTheConfiguredOne() {
		FailurePolicy configured = new FailurePolicy(new FixedBackOff(1), 3, null, null, false);
		KinesisListenerEndpoint.FailureSettings bisecting = new KinesisListenerEndpoint.FailureSettings(null, null,
				null, null, null, null, null, true);
		assertThat(bisecting.applyTo(configured, (stream) -> null).bisectOnFailure()).isTrue();
		assertThat(KinesisListenerEndpoint.FailureSettings.NONE.applyTo(configured, (stream) -> null).bisectOnFailure())
			.isFalse();
	}

	private static Consumer<Object> failingOn(String poison) {
		return (batch) -> {
			if (((List<?>) batch).contains(poison)) {
				throw new IllegalStateException("cannot process " + poison);
			}
		};
	}

	private static ShardBatch batchOf16() {
		return DeliveryFixture.batchOf(LongStream.range(0, 16).toArray());
	}

	private static List<String> records(int from, int end) {
		return IntStream.range(from, end).mapToObj((i) -> "r" + i).toList();
	}

}
