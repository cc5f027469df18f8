package io.github.kinetic.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

/**
 * Shortens two stack traces that KCL's libraries log many times a second while AWS cannot
 * be reached.
 * <ul>
 * <li>KCL's scheduler loop logs an ERROR with the stack trace each time a pass fails, and
 * sleeps 100 ms before the next: during a DynamoDB outage, ten a second.</li>
 * <li>When a connection of the AWS SDK's HTTP/2 client (the one KCL reads Kinesis with)
 * closes before HTTP/2 was agreed, as every connection attempt does while Kinesis cannot
 * be reached, Netty logs a WARN with the SDK's {@code IOException: The channel was closed
 * before the protocol could be determined.}: about ten a second.</li>
 * </ul>
 * For each, this filter lets the first event through as it is, then denies them and logs
 * at most one line per {@link #SUMMARY_INTERVAL} with how many it denied (and, for the
 * scheduler, the last exception in one line). After {@link #QUIET_PERIOD} without one,
 * the next is a first one again. Every other event is untouched.
 */
final class RepeatedFailureLogFilter extends InstallableTurboFilter {

	static final String SCHEDULER_LOGGER = "software.amazon.kinesis.coordinator.Scheduler";

	static final String SCHEDULER_LOOP_FAILURE_FORMAT = "Worker.run caught exception, sleeping for {} milli seconds!";

	static final String PIPELINE_LOGGER = "io.netty.channel.DefaultChannelPipeline";

	static final String CHANNEL_CLOSED_MESSAGE = "The channel was closed before the protocol could be determined.";

	static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);

	static final Duration QUIET_PERIOD = Duration.ofMinutes(1);

	private static final String FQCN = RepeatedFailureLogFilter.class.getName();

	private final LongSupplier nanoTime;

	private final Repeats schedulerLoopFailures = new Repeats();

	private final Repeats channelCloses = new Repeats();

	RepeatedFailureLogFilter() {
		this(System::nanoTime);
	}

	RepeatedFailureLogFilter(LongSupplier nanoTime) {
		super("kinetic-repeated-failures");
		this.nanoTime = nanoTime;
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (logger == null) {
			return FilterReply.NEUTRAL;
		}
		if (level == Level.ERROR && SCHEDULER_LOOP_FAILURE_FORMAT.equals(format)
				&& SCHEDULER_LOGGER.equals(logger.getName())) {
			Throwable failure = (t != null) ? t
					: (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last)
							? last : null;
			String summary = this.schedulerLoopFailures.next(this.nanoTime.getAsLong());
			if (summary == null) {
				return FilterReply.NEUTRAL;
			}
			if (!summary.isEmpty()) {
				logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(Level.WARN),
						"KCL's scheduler loop is still failing: {}; last: {} (stack trace logged at the first)",
						new Object[] { summary, RecordFetchFailureLogFilter.oneLine(failure) }, null);
			}
			return FilterReply.DENY;
		}
		if (t instanceof IOException && CHANNEL_CLOSED_MESSAGE.equals(t.getMessage())
				&& PIPELINE_LOGGER.equals(logger.getName())) {
			String summary = this.channelCloses.next(this.nanoTime.getAsLong());
			if (summary == null) {
				return FilterReply.NEUTRAL;
			}
			if (!summary.isEmpty()) {
				logger
					.log(marker, FQCN, Level.toLocationAwareLoggerInteger(Level.WARN),
							"AWS SDK connections closed before the protocol could be determined (the endpoint cannot be"
									+ " reached?): {} (stack trace logged at the first)",
							new Object[] { summary }, null);
			}
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	/**
	 * One kind of repeated event.
	 */
	private static final class Repeats {

		private boolean seen;

		private long lastNanos;

		private long summarizedNanos;

		private int denied;

		/**
		 * Count an event.
		 * @param now the time of the event
		 * @return {@code null} to let it through, empty to deny it, or the summary to log
		 * instead of it
		 */
		synchronized @Nullable String next(long now) {
			boolean first = !this.seen || now - this.lastNanos > QUIET_PERIOD.toNanos();
			this.lastNanos = now;
			if (first) {
				this.seen = true;
				this.summarizedNanos = now;
				this.denied = 0;
				return null;
			}
			this.denied++;
			if (now - this.summarizedNanos < SUMMARY_INTERVAL.toNanos()) {
				return "";
			}
			String summary = String.format("%d more in the last %d s", this.denied,
					Duration.ofNanos(now - this.summarizedNanos).toSeconds());
			this.summarizedNanos = now;
			this.denied = 0;
			return summary;
		}

	}

}
