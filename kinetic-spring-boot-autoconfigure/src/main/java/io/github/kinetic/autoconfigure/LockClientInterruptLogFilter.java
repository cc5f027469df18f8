package io.github.kinetic.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops two log events of KCL's leader election that carry no news: the DynamoDB lock
 * client announcing, with a stack trace, that its heartbeat thread was interrupted, and
 * the leader decider saying who leads at every pass of the scheduler's loop.
 * <p>
 * KCL 3 holds two DynamoDB lock clients (leader election and coordinator state) with
 * heartbeat threads. When the scheduler shuts down it closes them, which interrupts the
 * heartbeat threads, and each logs {@code InterruptedException: sleep interrupted} with a
 * stack trace at INFO: on every normal shutdown, and only then. This filter denies
 * exactly that event: that logger, INFO or below, with an {@link InterruptedException}.
 * The leader decider's line comes ten times a second on the leader. Everything else those
 * loggers log, and every other logger, is untouched.
 */
final class LockClientInterruptLogFilter extends InstallableTurboFilter {

	static final String LOCK_CLIENT_LOGGER = "com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient";

	static final String LEADER_DECIDER_LOGGER = "software.amazon.kinesis.leader.DynamoDBLockBasedLeaderDecider";

	/**
	 * What the leader decider logs at INFO each time the scheduler's loop asks whether
	 * this worker leads: on the leader, at every pass of a loop kinetic runs every 100
	 * ms.
	 */
	static final String CURRENT_LEADER_FORMAT = "Worker : {} is the current {}.";

	LockClientInterruptLogFilter() {
		super("kinetic-lock-client-interrupt");
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (logger == null || level == null || level.isGreaterOrEqual(Level.WARN)) {
			return FilterReply.NEUTRAL;
		}
		if (t instanceof InterruptedException && LOCK_CLIENT_LOGGER.equals(logger.getName())) {
			return FilterReply.DENY;
		}
		if (CURRENT_LEADER_FORMAT.equals(format) && LEADER_DECIDER_LOGGER.equals(logger.getName())) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

}
