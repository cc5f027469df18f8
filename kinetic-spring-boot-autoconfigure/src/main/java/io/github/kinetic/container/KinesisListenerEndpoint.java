package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A listener method and the streams it consumes, as found on a bean.
 *
 * @param id the listener id
 * @param bean the bean that declares the method
 * @param method the listener method
 * @param streams the configured streams the listener takes; empty for all of them
 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
 * configured default
 * @param autoStartup whether the listener's streams are consumed when the application
 * starts; if not, only once the listener is started through the
 * {@link KinesisListenerEndpointRegistry}
 * @param failureSettings the listener's own failure settings, over
 * {@code kinetic.listener.*}
 * @param filter the listener's record filter, or {@code null} for the application's
 * filter, if any
 * @param concurrency how many groups of partition keys of one shard the listener may
 * process at once, or {@code null} for {@code kinetic.listener.concurrency}
 * @param applicationName the application name (consumer group) the listener consumes as,
 * or {@code null} for {@code kinetic.application-name}
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
		@Nullable CheckpointMode checkpointMode, boolean autoStartup, FailureSettings failureSettings,
		@Nullable KinesisRecordFilter filter, @Nullable Integer concurrency, @Nullable String applicationName) {

	public KinesisListenerEndpoint {
		streams = List.copyOf(streams);
		Assert.isTrue(concurrency == null || concurrency >= 1, "concurrency must be at least 1");
	}

	/**
	 * Create an endpoint with the configured concurrency, in the configured application.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
	 * configured default
	 * @param autoStartup whether the listener's streams are consumed when the application
	 * starts
	 * @param failureSettings the listener's own failure settings
	 * @param filter the listener's record filter, or {@code null}
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
			@Nullable CheckpointMode checkpointMode, boolean autoStartup, FailureSettings failureSettings,
			@Nullable KinesisRecordFilter filter) {
		this(id, bean, method, streams, checkpointMode, autoStartup, failureSettings, filter, null, null);
	}

	/**
	 * Create an endpoint with the configured failure settings.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
	 * configured default
	 * @param autoStartup whether the listener's streams are consumed when the application
	 * starts
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
			@Nullable CheckpointMode checkpointMode, boolean autoStartup) {
		this(id, bean, method, streams, checkpointMode, autoStartup, FailureSettings.NONE, null, null, null);
	}

	/**
	 * Create an endpoint with the default checkpoint mode that starts with the
	 * application.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams) {
		this(id, bean, method, streams, null, true, FailureSettings.NONE, null, null, null);
	}

	/**
	 * Return the application name the listener consumes as.
	 * @param defaultName the configured application name
	 * @return the listener's own application name, or the configured one
	 */
	public String applicationNameOr(String defaultName) {
		return (this.applicationName != null) ? this.applicationName : defaultName;
	}

	/**
	 * Return a short description of the method, for messages.
	 * @return the declaring class and method name
	 */
	public String methodDescription() {
		return this.method.getDeclaringClass().getName() + "." + this.method.getName();
	}

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
	 */
	public record FailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
			@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
			@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream,
			@Nullable Duration maxRecordAge, @Nullable Boolean bisectOnFailure) {

		/** No setting of its own: the listener uses {@code kinetic.listener.*}. */
		public static final FailureSettings NONE = new FailureSettings(null, null, null, null, null, null, null, null);

		private static final ExponentialBackOff DEFAULT_BACK_OFF = new ExponentialBackOff(1000, 2.0);

		public FailureSettings {
			Assert.isTrue(maxAttempts == null || maxAttempts >= 1, "maxAttempts must be at least 1");
			Assert.isTrue(recoverer == null || deadLetterStream == null,
					"Set a recoverer or a dead-letter stream, not both");
			Assert.isTrue(maxRecordAge == null || (!maxRecordAge.isNegative() && !maxRecordAge.isZero()),
					"maxRecordAge must be positive");
		}

		/**
		 * Create settings that leave bisecting to {@code kinetic.listener.*}.
		 * @param maxAttempts deliveries of a failing record, the first included, before
		 * the recoverer takes it
		 * @param backOffInitialInterval the wait before the first retry
		 * @param backOffMultiplier the factor by which the wait grows after each failed
		 * retry
		 * @param backOffMaxInterval the longest wait between two retries
		 * @param recoverer the recoverer of this listener
		 * @param deadLetterStream the stream this listener's failed records are published
		 * to
		 * @param maxRecordAge the age past which this listener's records are not
		 * delivered
		 */
		public FailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
				@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
				@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream,
				@Nullable Duration maxRecordAge) {
			this(maxAttempts, backOffInitialInterval, backOffMultiplier, backOffMaxInterval, recoverer,
					deadLetterStream, maxRecordAge, null);
		}

		/**
		 * Create settings that leave the maximum record age to
		 * {@code kinetic.listener.*}.
		 * @param maxAttempts deliveries of a failing record, the first included, before
		 * the recoverer takes it
		 * @param backOffInitialInterval the wait before the first retry
		 * @param backOffMultiplier the factor by which the wait grows after each failed
		 * retry
		 * @param backOffMaxInterval the longest wait between two retries
		 * @param recoverer the recoverer of this listener
		 * @param deadLetterStream the stream this listener's failed records are published
		 * to
		 */
		public FailureSettings(@Nullable Integer maxAttempts, @Nullable Duration backOffInitialInterval,
				@Nullable Double backOffMultiplier, @Nullable Duration backOffMaxInterval,
				@Nullable KinesisRecordRecoverer recoverer, @Nullable String deadLetterStream) {
			this(maxAttempts, backOffInitialInterval, backOffMultiplier, backOffMaxInterval, recoverer,
					deadLetterStream, null, null);
		}

		/**
		 * Apply these settings over the configured ones.
		 * @param defaults the configured policy
		 * @param deadLetterRecoverer creates the recoverer that publishes to a
		 * dead-letter stream
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
			if (this.backOffInitialInterval == null && this.backOffMultiplier == null
					&& this.backOffMaxInterval == null) {
				return defaults;
			}
			// The configured back-off is exponential unless a factory was built by hand;
			// its
			// values are the base the listener's own ones replace.
			ExponentialBackOff base = (defaults instanceof ExponentialBackOff exponential) ? exponential
					: DEFAULT_BACK_OFF;
			ExponentialBackOff backOff = new ExponentialBackOff(
					(this.backOffInitialInterval != null) ? this.backOffInitialInterval.toMillis()
							: base.getInitialInterval(),
					(this.backOffMultiplier != null) ? this.backOffMultiplier : base.getMultiplier());
			backOff.setMaxInterval(
					(this.backOffMaxInterval != null) ? this.backOffMaxInterval.toMillis() : base.getMaxInterval());
			return backOff;
		}

	}

}
