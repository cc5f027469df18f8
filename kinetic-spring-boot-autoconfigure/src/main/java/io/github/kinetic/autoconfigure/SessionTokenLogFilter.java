package io.github.kinetic.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Masks the session token in the AWS SDK's own log lines.
 * <p>
 * At DEBUG the SDK's SigV4 signer logs each "AWS4 Canonical Request", whose signed
 * headers include {@code x-amz-security-token} with the session token of temporary
 * credentials in clear. This filter replaces such an event (from a
 * {@code software.amazon} logger, when it would be logged) with the same line, the token
 * replaced by {@value #MASK}. Every other event is untouched.
 */
final class SessionTokenLogFilter extends InstallableTurboFilter {

	static final String MASK = "******";

	private static final Pattern TOKEN_HEADER = Pattern
		.compile("(?i)(x-amz-security-token\\s*[:=]\\s*)(?!\\Q" + MASK + "\\E)[^\\s,;&]+");

	private static final String FQCN = SessionTokenLogFilter.class.getName();

	SessionTokenLogFilter() {
		super("kinetic-session-token-mask");
	}

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

}
