package io.github.kinetic.container;

import java.time.Duration;
import java.util.function.Function;

import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.settings.FailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The failure settings one listener sets for itself; every {@code null} falls back to
 * {@code kinetic.listener.*}.
 *
 * @param maxAttempts deliveries of a failing record, the first included, before the
 * recoverer takes it
 * @param backOffInitialInterval the wait before the first retry
 * @param backOffMultiplier the factor by which the wait grows after each failed retry
 * @param backOffMaxInterval the longest wait between two retries
 * @param recoverer the recoverer of this listener
 * @param deadLetterStream the stream this listener's failed records are published to
 * @param maxRecordAge the age past which this listener's records are not delivered
 * @param bisectOnFailure whether a batch this listener fails on without naming the
 * failing record is split in halves down to that record
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ListenerFailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
		@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
		@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream, @Nullable Duration maxRecordAge,
		@Nullable Boolean bisectOnFailure) {

	/** No setting of its own: the listener uses {@code kinetic.listener.*}. */
	public static final ListenerFailureSettings NONE = new ListenerFailureSettings(null, null, null, null, null, null,
			null, null);

	private static final ExponentialBackOff DEFAULT_BACK_OFF = new ExponentialBackOff(1000, 2.0);

	public ListenerFailureSettings {
		Assert.isTrue(maxAttempts == null || maxAttempts >= 1, "maxAttempts must be at least 1");
		Assert.isTrue(recoverer == null || deadLetterStream == null,
				"Set a recoverer or a dead-letter stream, not both");
		Assert.isTrue(maxRecordAge == null || (!maxRecordAge.isNegative() && !maxRecordAge.isZero()),
				"maxRecordAge must be positive");
	}

	/**
	 * Create settings that leave bisecting to {@code kinetic.listener.*}.
	 * @param maxAttempts deliveries of a failing record, the first included, before the
	 * recoverer takes it
	 * @param backOffInitialInterval the wait before the first retry
	 * @param backOffMultiplier the factor by which the wait grows after each failed retry
	 * @param backOffMaxInterval the longest wait between two retries
	 * @param recoverer the recoverer of this listener
	 * @param deadLetterStream the stream this listener's failed records are published to
	 * @param maxRecordAge the age past which this listener's records are not delivered
	 */
	public ListenerFailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
			@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
			@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream,
			@Nullable Duration maxRecordAge) {
		this(maxAttempts, backOffInitialInterval, backOffMultiplier, backOffMaxInterval, recoverer, deadLetterStream,
				maxRecordAge, null);
	}

	/**
	 * Create settings that leave the maximum record age to {@code kinetic.listener.*}.
	 * @param maxAttempts deliveries of a failing record, the first included, before the
	 * recoverer takes it
	 * @param backOffInitialInterval the wait before the first retry
	 * @param backOffMultiplier the factor by which the wait grows after each failed retry
	 * @param backOffMaxInterval the longest wait between two retries
	 * @param recoverer the recoverer of this listener
	 * @param deadLetterStream the stream this listener's failed records are published to
	 */
	public ListenerFailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
			@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
			@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream) {
		this(maxAttempts, backOffInitialInterval, backOffMultiplier, backOffMaxInterval, recoverer, deadLetterStream,
				null, null);
	}

	/**
	 * Apply these settings over the configured ones.
	 * @param defaults the configured policy
	 * @param deadLetterRecoverer creates the recoverer that publishes to a dead-letter
	 * stream
	 * @return the listener's policy
	 */
	FailurePolicy applyTo(FailurePolicy defaults, Function<String, KinesisRecordRecoverer> deadLetterRecoverer) {
		int attempts = (this.maxAttempts != null) ? this.maxAttempts : defaults.maxAttempts();
		KinesisRecordRecoverer listenerRecoverer = defaults.recoverer();
		if (this.recoverer != null) {
			listenerRecoverer = this.recoverer;
		}
		else if (this.deadLetterStream != null) {
			listenerRecoverer = deadLetterRecoverer.apply(this.deadLetterStream);
		}
		return new FailurePolicy(backOff(defaults.backOff()), attempts, listenerRecoverer,
				(this.maxRecordAge != null) ? this.maxRecordAge : defaults.maxRecordAge(),
				(this.bisectOnFailure != null) ? this.bisectOnFailure : defaults.bisectOnFailure());
	}

	private BackOff backOff(BackOff defaults) {
		if (this.backOffInitialInterval == null && this.backOffMultiplier == null && this.backOffMaxInterval == null) {
			return defaults;
		}
		// The configured back-off is exponential unless a factory was built by hand; its
		// values are the base the listener's own ones replace.
		ExponentialBackOff base = (defaults instanceof ExponentialBackOff exponential) ? exponential : DEFAULT_BACK_OFF;
		ExponentialBackOff backOff = new ExponentialBackOff(
				(this.backOffInitialInterval != null) ? this.backOffInitialInterval.toMillis()
						: base.getInitialInterval(),
				(this.backOffMultiplier != null) ? this.backOffMultiplier : base.getMultiplier());
		backOff.setMaxInterval(
				(this.backOffMaxInterval != null) ? this.backOffMaxInterval.toMillis() : base.getMaxInterval());
		return backOff;
	}

}
