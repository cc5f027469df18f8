package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.RecordExpiredException;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the maximum record age of {@link RetryingDelivery}. The fixture's clock reads
 * 10:05:00 and record {@code n} arrived {@code n} seconds after 10:00:00, so with a
 * maximum age of three minutes the records before 120 have expired.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetryingDeliveryExpiryTests {

	private static final Duration MAX_AGE = Duration.ofMinutes(3);

	private final DeliveryFixture fixture = new DeliveryFixture();

	private final List<KinesisFailedRecord> recovered = new ArrayList<>();

	private final CountingObserver observer = new CountingObserver();

	@Test
	void handsExpiredRecordsToTheRecovererAsExpiredAndDeliversTheOthers() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 10, this.recovered::add)
			.deliver(DeliveryFixture.batchOf(100, 101, 130, 131), this.fixture.progress);
		assertThat(outcome).isEqualTo(new RetryingDelivery.Outcome(4, false));
		assertThat(listener.calls).containsExactly(List.of("r130", "r131"));
		assertThat(this.recovered).extracting((failed) -> failed.record().sequenceNumber())
			.containsExactly("100", "101");
		assertThat(this.recovered).allSatisfy((failed) -> {
			assertThat(failed.isExpired()).isTrue();
			assertThat(failed.isConversionFailure()).isFalse();
			assertThat(failed.reason()).isEqualTo("expired");
			assertThat(failed.attempts()).isZero();
			assertThat(failed.cause()).isInstanceOfSatisfying(RecordExpiredException.class, (expired) -> {
				assertThat(expired.getArrival()).isEqualTo(failed.record().approximateArrivalTimestamp());
				assertThat(expired.getMaxRecordAge()).isEqualTo(MAX_AGE);
			});
		});
		assertThat(this.fixture.progress.processed).containsExactly(1, 3);
		assertThat(this.observer.expired).isEqualTo(2);
		assertThat(this.observer.deadLettered).isEqualTo(2);
	}

	@Test
	void skipsExpiredRecordsWithoutARecovererAndWarnsOncePerBatchWithoutPayloads(CapturedOutput output) {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 10, null)
			.deliver(DeliveryFixture.batchOf(100, 101, 102, 130), this.fixture.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly(List.of("r130"));
		assertThat(this.fixture.progress.processed).containsExactly(2, 3);
		assertThat(this.observer.expired).isEqualTo(3);
		assertThat(this.observer.deadLettered).isZero();
		String warning = "3 record(s) of orders/shardId-000000000000 from sequence number 100 to 102 were older"
				+ " than the maximum record age of PT3M when due for listener batch; they were skipped";
		assertThat(StringUtils.countOccurrencesOf(output.getOut(), warning)).isOne();
		assertThat(output.getOut()).doesNotContain("r101");
	}

	@Test
	void handsARecordThatExpiresWhileItIsRetriedToTheRecovererWithItsAttempts() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((payload) -> {
			if (payload.equals("r125")) {
				this.fixture.clock.advance(Duration.ofSeconds(2));
				throw new IllegalStateException("down");
			}
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "single", 10, this.recovered::add)
			.deliver(DeliveryFixture.batchOf(125, 126), this.fixture.progress);
		assertThat(outcome.halted()).isFalse();
		// 125 expires at 10:05:05, after its third failure; 126 is just within the age
		assertThat(listener.calls).containsExactly("r125", "r125", "r125", "r126");
		assertThat(this.recovered).singleElement().satisfies((failed) -> {
			assertThat(failed.record().sequenceNumber()).isEqualTo("125");
			assertThat(failed.isExpired()).isTrue();
			assertThat(failed.attempts()).isEqualTo(3);
		});
		assertThat(this.fixture.progress.processed).containsExactly(0, 1);
	}

	@Test
	void deliversAroundARecordThatArrivedOutOfOrderAndExpired() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 10, null)
			.deliver(DeliveryFixture.batchOf(130, 100, 131), this.fixture.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(listener.calls).containsExactly(List.of("r130"), List.of("r131"));
		assertThat(this.fixture.progress.processed).containsExactly(0, 1, 2);
		assertThat(this.observer.expired).isEqualTo(1);
	}

	@Test
	void asksTheRecovererAgainForAnExpiredRecordAfterItFails() {
		AtomicInteger recovererFailures = new AtomicInteger(2);
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
		});
		RetryingDelivery.Outcome outcome = delivery(listener, "batch", 10, (failed) -> {
			if (recovererFailures.getAndDecrement() > 0) {
				throw new IllegalStateException("dead-letter stream unavailable");
			}
			this.recovered.add(failed);
		}).deliver(DeliveryFixture.batchOf(100, 130), this.fixture.progress);
		assertThat(outcome.halted()).isFalse();
		assertThat(this.recovered).extracting((failed) -> failed.record().sequenceNumber()).containsExactly("100");
		assertThat(listener.calls).containsExactly(List.of("r130"));
		assertThat(this.observer.expired).isEqualTo(1);
	}

	@Test
	void deliversRecordsOfAnyAgeWithoutAMaximumAge() {
		DeliveryFixture.Listener listener = new DeliveryFixture.Listener((batch) -> {
		});
		FailurePolicy policy = new FailurePolicy(new FixedBackOff(1), 10, this.recovered::add);
		this.fixture.delivery(listener, "batch", policy, this.observer)
			.deliver(DeliveryFixture.batchOf(1, 2), this.fixture.progress);
		assertThat(listener.calls).containsExactly(List.of("r1", "r2"));
		assertThat(this.recovered).isEmpty();
		assertThat(this.observer.expired).isZero();
	}

	private RetryingDelivery delivery(DeliveryFixture.Listener listener, String method, int maxAttempts,
			@Nullable KinesisRecordRecoverer recoverer) {
		FailurePolicy policy = new FailurePolicy(new FixedBackOff(1), maxAttempts, recoverer, MAX_AGE);
		return this.fixture.delivery(listener, method, policy, this.observer);
	}

	static class CountingObserver implements ListenerObserver {

		int expired;

		int deadLettered;

		@Override
		public void recordsExpired(ListenerShard shard, int records) {
			this.expired += records;
		}

		@Override
		public void deadLettered(ListenerShard shard, int records, Throwable failure) {
			this.deadLettered += records;
		}

	}

}
