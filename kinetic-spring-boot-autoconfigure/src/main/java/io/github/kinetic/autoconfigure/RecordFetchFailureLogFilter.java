package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

/**
 * Shortens what KCL's polling retrieval logs while it cannot get records from Kinesis.
 * <p>
 * KCL's {@code PrefetchRecordsPublisher} logs an ERROR with the whole stack trace at
 * every failed {@code GetRecords} of a shard: during a Kinesis outage, about twice a
 * second per shard. This filter lets a shard's first such failure through as it is, stack
 * trace included, and then denies the others of that shard, logging instead at most one
 * WARN line per {@link #SUMMARY_INTERVAL} (how many failed, since when, the last
 * exception in one line). When the shard gets records again (KCL's DEBUG line for each
 * batch, which Logback shows turbo filters even when DEBUG is off) it logs one INFO line
 * with the count, and the next failure is a first one again. A shard whose last failure
 * is older than {@link #FORGET_AFTER} starts over too, should that DEBUG line ever go.
 * Every other event is untouched.
 */
final class RecordFetchFailureLogFilter extends InstallableTurboFilter {

	static final String PUBLISHER_LOGGER = "software.amazon.kinesis.retrieval.polling.PrefetchRecordsPublisher";

	/** KCL's DEBUG line for each batch a shard's publisher got. */
	static final String SUCCESS_FORMAT = "Last sequence number retrieved for streamAndShardId {} is {}";

	static final Set<String> FAILURE_FORMATS = Set.of("{} :  Exception thrown while fetching records from Kinesis",
			"{} : ProvisionedThroughputExceededException thrown while fetching records from Kinesis",
			"{} :  Unexpected exception was thrown. This could probably be an issue or a bug."
					+ " Please search for the exception/error online to check what is going on. If the "
					+ "issue persists or is a recurring problem, feel free to open an issue on, "
					+ "https://github.com/awslabs/amazon-kinesis-client.");

	static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);

	static final Duration FORGET_AFTER = Duration.ofMinutes(1);

	private static final String FQCN = RecordFetchFailureLogFilter.class.getName();

	private final Map<String, Failures> failingShards = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	RecordFetchFailureLogFilter() {
		this(System::nanoTime);
	}

	RecordFetchFailureLogFilter(LongSupplier nanoTime) {
		super("kinetic-record-fetch-failures");
		this.nanoTime = nanoTime;
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (logger == null || format == null || params == null || params.length == 0
				|| !PUBLISHER_LOGGER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		String shard = String.valueOf(params[0]);
		if (SUCCESS_FORMAT.equals(format)) {
			recovered(logger, shard);
			return FilterReply.NEUTRAL;
		}
		if (level != Level.ERROR || !FAILURE_FORMATS.contains(format)) {
			return FilterReply.NEUTRAL;
		}
		// SLF4J passes the exception of log.error(format, arg, e) as the last parameter
		Throwable failure = (t != null) ? t : (params[params.length - 1] instanceof Throwable last) ? last : null;
		long now = this.nanoTime.getAsLong();
		Failures failures = this.failingShards.compute(shard,
				(key, previous) -> (previous == null || now - previous.lastNanos > FORGET_AFTER.toNanos())
						? new Failures(now) : previous.failedAgain(now));
		if (failures.count == 1) {
			return FilterReply.NEUTRAL;
		}
		String summary = failures.summaryDue(now);
		if (summary != null) {
			logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(Level.WARN),
					"{} : Still cannot get records from Kinesis: {}; last: {} (stack trace logged at the first)",
					new Object[] { shard, summary, oneLine(failure) }, null);
		}
		return FilterReply.DENY;
	}

	private void recovered(Logger logger, String shard) {
		if (this.failingShards.isEmpty()) {
			return;
		}
		Failures failures = this.failingShards.remove(shard);
		if (failures != null && failures.count > 1) {
			long seconds = Duration.ofNanos(this.nanoTime.getAsLong() - failures.firstNanos).toSeconds();
			logger.log(null, FQCN, Level.toLocationAwareLoggerInteger(Level.INFO),
					"{} : Getting records from Kinesis again, after {} failed attempts in {} s",
					new Object[] { shard, failures.count, seconds }, null);
		}
	}

	static String oneLine(@Nullable Throwable failure) {
		if (failure == null) {
			return "no exception";
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = (root != failure) ? failure.getClass().getName() + " caused by " + root : failure.toString();
		return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
	}

	/**
	 * The failures of one shard since its last success.
	 */
	private static final class Failures {

		private final long firstNanos;

		private long lastNanos;

		private long summarizedNanos;

		private int count;

		private int summarizedCount;

		Failures(long now) {
			this.firstNanos = now;
			this.lastNanos = now;
			this.summarizedNanos = now;
			this.count = 1;
			this.summarizedCount = 1;
		}

		Failures failedAgain(long now) {
			this.lastNanos = now;
			this.count++;
			return this;
		}

		@Nullable String summaryDue(long now) {
			if (now - this.summarizedNanos < SUMMARY_INTERVAL.toNanos()) {
				return null;
			}
			String summary = String.format("%d failed attempts in %d s, %d since the last line", this.count,
					Duration.ofNanos(now - this.firstNanos).toSeconds(), this.count - this.summarizedCount);
			this.summarizedNanos = now;
			this.summarizedCount = this.count;
			return summary;
		}

	}

}
