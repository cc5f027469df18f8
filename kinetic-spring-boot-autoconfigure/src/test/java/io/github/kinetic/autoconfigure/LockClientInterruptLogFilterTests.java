package io.github.kinetic.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LockClientInterruptLogFilterTests {

	private final LoggerContext loggerContext = new LoggerContext();

	private final LockClientInterruptLogFilter filter = new LockClientInterruptLogFilter();

	private final Logger lockClient = this.loggerContext.getLogger(LockClientInterruptLogFilter.LOCK_CLIENT_LOGGER);

	@Test
	void deniesTheInterruptedHeartbeatEventOfTheLockClient() {
		assertThat(decide(this.lockClient, Level.INFO,
				"Heartbeat thread recieved interrupt, exiting run() (possibly exiting thread)",
				new InterruptedException("sleep interrupted")))
			.isEqualTo(FilterReply.DENY);
	}

	@Test
	void letsTheLockClientsOtherEventsThrough() {
		assertThat(decide(this.lockClient, Level.INFO, "Heartbeat sent", null)).isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(this.lockClient, Level.WARN, "Heartbeat failed", new IllegalStateException()))
			.isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(this.lockClient, Level.WARN, "Interrupted", new InterruptedException()))
			.isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void letsOtherLoggersInterruptedExceptionsThrough() {
		Logger other = this.loggerContext.getLogger("software.amazon.kinesis.coordinator.Scheduler");
		assertThat(decide(other, Level.INFO, "Interrupted", new InterruptedException())).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void deniesTheLeaderDecidersCurrentLeaderLineAndNothingElseItSays() {
		Logger leaderDecider = this.loggerContext.getLogger(LockClientInterruptLogFilter.LEADER_DECIDER_LOGGER);
		assertThat(decide(leaderDecider, Level.INFO, "Worker : {} is the current {}.", null))
			.isEqualTo(FilterReply.DENY);
		assertThat(decide(leaderDecider, Level.INFO, "Worker {} acquired the lock", null))
			.isEqualTo(FilterReply.NEUTRAL);
		Logger other = this.loggerContext.getLogger("software.amazon.kinesis.coordinator.Scheduler");
		assertThat(decide(other, Level.INFO, "Worker : {} is the current {}.", null)).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void installsItselfIntoLogbackOnceSoThatTheEventIsNotLogged(CapturedOutput output) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		assertThat(new LockClientInterruptLogFilter().install()).isTrue();
		assertThat(new LockClientInterruptLogFilter().install()).isTrue();
		try {
			assertThat(context.getTurboFilterList()).filteredOn(LockClientInterruptLogFilter.class::isInstance)
				.hasSize(1);
			org.slf4j.Logger logger = LoggerFactory.getLogger(LockClientInterruptLogFilter.LOCK_CLIENT_LOGGER);
			logger.info("Heartbeat thread recieved interrupt, exiting run()", new InterruptedException("denied"));
			logger.info("Lock client still talks");
			assertThat(output).doesNotContain("denied").contains("Lock client still talks");
		}
		finally {
			context.getTurboFilterList().removeIf(LockClientInterruptLogFilter.class::isInstance);
		}
	}

	private FilterReply decide(Logger logger, Level level, String message, Throwable throwable) {
		return this.filter.decide(null, logger, level, message, null, throwable);
	}

}
