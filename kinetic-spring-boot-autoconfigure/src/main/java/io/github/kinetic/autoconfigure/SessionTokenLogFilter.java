package io.github.kinetic.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import org.springframework.beans.factory.InitializingBean;

/**
 * Masks the session token in the AWS SDK's own log lines.
 * <p>
 * At DEBUG the SDK's SigV4 signer logs each "AWS4 Canonical Request", whose signed
 * headers include {@code x-amz-security-token} with the session token of temporary
 * credentials in clear. This filter replaces such an event (from a
 * {@code software.amazon} logger, when it would be logged) with the same line, the token
 * replaced by {@value #MASK}. Every other event is untouched.
 */
final class SessionTokenLogFilter extends TurboFilter implements InitializingBean {

	static final String MASK = "******";

	private static final Pattern TOKEN_HEADER = Pattern
		.compile("(?i)(x-amz-security-token\\s*[:=]\\s*)(?!\\Q" + MASK + "\\E)[^\\s,;&]+");

	private static final String FQCN = SessionTokenLogFilter.class.getName();

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (logger == null || level == null || format == null || !logger.getName().startsWith("software.amazon")
				|| !logger.isEnabledFor(level)) {
			return FilterReply.NEUTRAL;
		}
		Matcher matcher = TOKEN_HEADER.matcher(format);
		if (!matcher.find()) {
			return FilterReply.NEUTRAL;
		}
		// the masked line no longer matches, so logging it does not come back here
		String masked = matcher.replaceAll("$1" + MASK);
		logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), masked, params, t);
		return FilterReply.DENY;
	}

	@Override
	public void afterPropertiesSet() {
		install();
	}

	/**
	 * Add this filter to Logback, unless one is there already, if Logback is the logging
	 * backend. Logback drops it when it is configured again.
	 * @return whether a filter is installed
	 */
	boolean install() {
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		if (!(loggerFactory instanceof LoggerContext context)) {
			return false;
		}
		synchronized (context) {
			if (context.getTurboFilterList().stream().noneMatch(SessionTokenLogFilter.class::isInstance)) {
				setName("kinetic-session-token-mask");
				setContext(context);
				start();
				context.addTurboFilter(this);
			}
		}
		return true;
	}

}
