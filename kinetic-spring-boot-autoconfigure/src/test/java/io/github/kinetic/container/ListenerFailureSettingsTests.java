package io.github.kinetic.container;

import java.time.Duration;

import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's own failure settings over the configured ones.
 */
class ListenerFailureSettingsTests {

	private final KinesisRecordRecoverer global = (failed) -> {
	};

	private final KinesisRecordRecoverer own = (failed) -> {
	};

	private final KinesisRecordRecoverer deadLetters = (failed) -> {
	};

	private final FailurePolicy defaults = new FailurePolicy(exponential(1000, 2.0, 30000), 10, this.global);

	@Test
	void keepsTheConfiguredPolicyWhenNothingIsSet() {
		FailurePolicy policy = KinesisListenerEndpoint.FailureSettings.NONE.applyTo(this.defaults,
				(stream) -> this.deadLetters);
		assertThat(policy.backOff()).isSameAs(this.defaults.backOff());
		assertThat(policy.maxAttempts()).isEqualTo(10);
		assertThat(policy.recoverer()).isSameAs(this.global);
	}

	@Test
	void fallsBackToTheConfiguredMaximumRecordAge() {
		FailurePolicy defaults = new FailurePolicy(exponential(1000, 2.0, 30000), 10, this.global,
				Duration.ofMinutes(5));
		FailurePolicy policy = KinesisListenerEndpoint.FailureSettings.NONE.applyTo(defaults,
				(stream) -> this.deadLetters);
		assertThat(policy.maxRecordAge()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void usesTheListenersMaximumRecordAgeOverTheConfiguredOne() {
		FailurePolicy defaults = new FailurePolicy(exponential(1000, 2.0, 30000), 10, this.global,
				Duration.ofMinutes(5));
		FailurePolicy policy = new KinesisListenerEndpoint.FailureSettings(null, null, null, null, null, null,
				Duration.ofSeconds(30))
			.applyTo(defaults, (stream) -> this.deadLetters);
		assertThat(policy.maxRecordAge()).isEqualTo(Duration.ofSeconds(30));
		assertThat(KinesisListenerEndpoint.FailureSettings.NONE.applyTo(this.defaults, (stream) -> this.deadLetters))
			.satisfies((unset) -> assertThat(unset.maxRecordAge()).isNull());
	}

	@Test
	void replacesOnlyTheBackOffValuesThatAreSet() {
		FailurePolicy policy = new KinesisListenerEndpoint.FailureSettings(3, Duration.ofMillis(50), null, null, null,
				null)
			.applyTo(this.defaults, (stream) -> this.deadLetters);
		ExponentialBackOff backOff = (ExponentialBackOff) policy.backOff();
		assertThat(backOff.getInitialInterval()).isEqualTo(50);
		assertThat(backOff.getMultiplier()).isEqualTo(2.0);
		assertThat(backOff.getMaxInterval()).isEqualTo(30000);
		assertThat(policy.maxAttempts()).isEqualTo(3);
		assertThat(policy.recoverer()).isSameAs(this.global);
	}

	@Test
	void usesTheListenersRecovererOverTheConfiguredOne() {
		FailurePolicy policy = new KinesisListenerEndpoint.FailureSettings(null, null, 1.5, Duration.ofSeconds(2),
				this.own, null)
			.applyTo(this.defaults, (stream) -> this.deadLetters);
		assertThat(policy.recoverer()).isSameAs(this.own);
		assertThat(((ExponentialBackOff) policy.backOff()).getMultiplier()).isEqualTo(1.5);
		assertThat(((ExponentialBackOff) policy.backOff()).getMaxInterval()).isEqualTo(2000);
	}

	@Test
	void publishesToTheListenersDeadLetterStream() {
		StringBuilder created = new StringBuilder();
		FailurePolicy policy = new KinesisListenerEndpoint.FailureSettings(null, null, null, null, null, "orders-dlq")
			.applyTo(this.defaults, (stream) -> {
				created.append(stream);
				return this.deadLetters;
			});
		assertThat(policy.recoverer()).isSameAs(this.deadLetters);
		assertThat(created).hasToString("orders-dlq");
	}

	@Test
	void startsFromTheDefaultExponentialValuesOverABackOffThatIsNotExponential() {
		FailurePolicy fixed = new FailurePolicy(new FixedBackOff(10, 5), 10, null);
		ExponentialBackOff backOff = (ExponentialBackOff) new KinesisListenerEndpoint.FailureSettings(null, null, null,
				Duration.ofSeconds(5), null, null)
			.applyTo(fixed, (stream) -> this.deadLetters)
			.backOff();
		assertThat(backOff.getInitialInterval()).isEqualTo(1000);
		assertThat(backOff.getMaxInterval()).isEqualTo(5000);
	}

	private static ExponentialBackOff exponential(long initial, double multiplier, long max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial, multiplier);
		backOff.setMaxInterval(max);
		return backOff;
	}

}
