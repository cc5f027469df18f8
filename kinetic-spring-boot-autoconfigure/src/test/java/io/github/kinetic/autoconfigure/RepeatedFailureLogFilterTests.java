package io.github.kinetic.autoconfigure;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedFailureLogFilterTests {

	private static final String TAIL = "An exceptionCaught() event was fired, and it reached at the tail of the pipeline."
			+ " It usually means the last handler in the pipeline did not handle the exception.";

	private final LoggerContext loggerContext = new LoggerContext();

	private final AtomicLong nanos = new AtomicLong();

	private final RepeatedFailureLogFilter filter = new RepeatedFailureLogFilter(this.nanos::get);

	private final Logger pipeline = this.loggerContext.getLogger(RepeatedFailureLogFilter.PIPELINE_LOGGER);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void captureEvents() {
		this.appender.setContext(this.loggerContext);
		this.appender.start();
		this.loggerContext.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
	}

	@Test
	void letsTheFirstThroughThenDeniesAndLogsOneLinePerInterval() {
		assertThat(closed()).isEqualTo(FilterReply.NEUTRAL);
		// ten a second during an outage
		for (int i = 0; i < 200; i++) {
			this.nanos.addAndGet(Duration.ofMillis(100).toNanos());
			assertThat(closed()).isEqualTo(FilterReply.DENY);
		}
		assertThat(this.appender.list).hasSize(2).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).isNull();
		});
		assertThat(this.appender.list.get(0).getFormattedMessage())
			.isEqualTo("AWS SDK connections closed before the protocol could be determined (the endpoint cannot be"
					+ " reached?): 100 more in the last 10 s (stack trace logged at the first)");
	}

	@Test
	void shortensTheSchedulerLoopsFailuresTheSameWayWithTheLastException() {
		assertThat(schedulerLoopFailed()).isEqualTo(FilterReply.NEUTRAL);
		// the scheduler's loop sleeps 100 ms after a failed pass
		for (int i = 0; i < 100; i++) {
			this.nanos.addAndGet(Duration.ofMillis(100).toNanos());
			assertThat(schedulerLoopFailed()).isEqualTo(FilterReply.DENY);
		}
		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).isNull();
			assertThat(event.getLoggerName()).isEqualTo(RepeatedFailureLogFilter.SCHEDULER_LOGGER);
			assertThat(event.getFormattedMessage()).isEqualTo("KCL's scheduler loop is still failing: 100 more in the"
					+ " last 10 s; last: java.lang.IllegalStateException caused by java.net.ConnectException:"
					+ " Connection refused (stack trace logged at the first)");
		});
		// the other kind keeps its own count
		assertThat(closed()).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void letsTheNextThroughAfterAQuietPeriod() {
		closed();
		closed();
		this.nanos.addAndGet(RepeatedFailureLogFilter.QUIET_PERIOD.plusSeconds(1).toNanos());
		assertThat(closed()).isEqualTo(FilterReply.NEUTRAL);
		assertThat(closed()).isEqualTo(FilterReply.DENY);
	}

	@Test
	void letsOtherEventsThrough() {
		closed();
		assertThat(this.filter.decide(null, this.pipeline, Level.WARN, TAIL, null, new IOException("Broken pipe")))
			.isEqualTo(FilterReply.NEUTRAL);
		Logger other = this.loggerContext.getLogger("software.amazon.awssdk.http.nio.netty");
		assertThat(this.filter.decide(null, other, Level.WARN, TAIL, null,
				new IOException(RepeatedFailureLogFilter.CHANNEL_CLOSED_MESSAGE)))
			.isEqualTo(FilterReply.NEUTRAL);
		assertThat(this.filter.decide(null, this.pipeline, Level.WARN, TAIL, null, null))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	private FilterReply schedulerLoopFailed() {
		Logger scheduler = this.loggerContext.getLogger(RepeatedFailureLogFilter.SCHEDULER_LOGGER);
		return this.filter.decide(null, scheduler, Level.ERROR, RepeatedFailureLogFilter.SCHEDULER_LOOP_FAILURE_FORMAT,
				new Object[] { 100L, new IllegalStateException(new ConnectException("Connection refused")) }, null);
	}

	private FilterReply closed() {
		return this.filter.decide(null, this.pipeline, Level.WARN, TAIL, null,
				new IOException(RepeatedFailureLogFilter.CHANNEL_CLOSED_MESSAGE));
	}

}
