package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RecordFetchFailureLogFilterTests {

	private static final String FAILURE = "{} :  Exception thrown while fetching records from Kinesis";

	private static final String SHARD = "orders:shardId-000000000001";

	private final LoggerContext loggerContext = new LoggerContext();

	private final AtomicLong nanos = new AtomicLong();

	private final RecordFetchFailureLogFilter filter = new RecordFetchFailureLogFilter(this.nanos::get);

	private final Logger publisher = this.loggerContext.getLogger(RecordFetchFailureLogFilter.PUBLISHER_LOGGER);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void captureEvents() {
		this.appender.setContext(this.loggerContext);
		this.appender.start();
		this.loggerContext.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
	}

	@Test
	void letsTheFirstFailureOfEachShardThroughWithItsStackTrace() {
		assertThat(fail(SHARD)).isEqualTo(FilterReply.NEUTRAL);
		assertThat(fail("orders:shardId-000000000002")).isEqualTo(FilterReply.NEUTRAL);
		assertThat(this.appender.list).isEmpty();
	}

	@Test
	void deniesLaterFailuresAndLogsOneLineWithoutATracePerInterval() {
		fail(SHARD);
		// KCL retries about twice a second
		for (int i = 0; i < 40; i++) {
			this.nanos.addAndGet(Duration.ofMillis(500).toNanos());
			assertThat(fail(SHARD)).isEqualTo(FilterReply.DENY);
		}
		assertThat(this.appender.list).hasSize(2).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).isNull();
			assertThat(event.getLoggerName()).isEqualTo(RecordFetchFailureLogFilter.PUBLISHER_LOGGER);
		});
		assertThat(this.appender.list.get(0).getFormattedMessage()).isEqualTo(SHARD
				+ " : Still cannot get records from Kinesis: 21 failed attempts in 10 s, 20 since the last line; last:"
				+ " software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request:"
				+ " Connection refused (stack trace logged at the first)");
		assertThat(this.appender.list.get(1).getFormattedMessage()).contains("41 failed attempts in 20 s, 20 since");
	}

	@Test
	void saysOnceWhenTheShardGetsRecordsAgainAndThenLetsTheNextFailureThroughAgain() {
		fail(SHARD);
		this.nanos.addAndGet(Duration.ofSeconds(3).toNanos());
		fail(SHARD);
		fail(SHARD);
		assertThat(succeed(SHARD)).isEqualTo(FilterReply.NEUTRAL);
		assertThat(succeed(SHARD)).isEqualTo(FilterReply.NEUTRAL);
		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage())
				.isEqualTo(SHARD + " : Getting records from Kinesis again, after 3 failed attempts in 3 s");
		});
		assertThat(fail(SHARD)).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void saysNothingWhenASingleFailureIsFollowedBySuccess() {
		fail(SHARD);
		succeed(SHARD);
		assertThat(this.appender.list).isEmpty();
		assertThat(fail(SHARD)).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void startsOverForAShardWhoseLastFailureIsLongGone() {
		fail(SHARD);
		this.nanos.addAndGet(RecordFetchFailureLogFilter.FORGET_AFTER.plusSeconds(1).toNanos());
		assertThat(fail(SHARD)).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void letsOtherEventsThrough() {
		Logger other = this.loggerContext.getLogger("software.amazon.kinesis.lifecycle.ShardConsumer");
		assertThat(this.filter.decide(null, other, Level.ERROR, FAILURE, new Object[] { SHARD, exception() }, null))
			.isEqualTo(FilterReply.NEUTRAL);
		fail(SHARD);
		assertThat(this.filter.decide(null, this.publisher, Level.INFO,
				"{} :  Timeout occurred while waiting for response from Kinesis.  Will retry the request.",
				new Object[] { SHARD }, null))
			.isEqualTo(FilterReply.NEUTRAL);
		assertThat(
				this.filter.decide(null, this.publisher, Level.ERROR, "Executor service didn't terminate", null, null))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void installsItselfIntoLogbackSoThatARepeatedFailureLogsNoSecondTrace(CapturedOutput output) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		assertThat(new RecordFetchFailureLogFilter().install()).isTrue();
		try {
			org.slf4j.Logger logger = LoggerFactory.getLogger(RecordFetchFailureLogFilter.PUBLISHER_LOGGER);
			logger.error(FAILURE, "installed:shardId-0", SdkClientException.builder().message("first").build());
			logger.error(FAILURE, "installed:shardId-0", SdkClientException.builder().message("second").build());
			assertThat(output).contains("first").doesNotContain("second");
			assertThat(List.of(output.toString().split("\n")))
				.filteredOn((line) -> line.contains("at io.github.kinetic"))
				.isNotEmpty();
		}
		finally {
			context.getTurboFilterList().removeIf(RecordFetchFailureLogFilter.class::isInstance);
		}
	}

	private FilterReply fail(String shard) {
		return this.filter.decide(null, this.publisher, Level.ERROR, FAILURE, new Object[] { shard, exception() },
				null);
	}

	private FilterReply succeed(String shard) {
		return this.filter.decide(null, this.publisher, Level.DEBUG, RecordFetchFailureLogFilter.SUCCESS_FORMAT,
				new Object[] { shard, "49590338271490256608559692538361571095921575989136588898" }, null);
	}

	private static SdkClientException exception() {
		return SdkClientException.builder()
			.message("Unable to execute HTTP request: Connection refused")
			.cause(null)
			.build();
	}

}
