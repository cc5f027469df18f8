package io.github.kinetic.annotation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.kinetic.listener.InvalidListenerMethodException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Reads the resolved value of a {@link KinesisListener} attribute as a number, a duration
 * or a boolean; empty means "not set", and a value that cannot be read fails naming the
 * method and the attribute.
 */
final class ListenerAttributeValues {

	private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)?$");

	private final String method;

	ListenerAttributeValues(String method) {
		this.method = method;
	}

	@Nullable Integer attempts(String attribute, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			int attempts = Integer.parseInt(value.trim());
			if (attempts >= 1) {
				return attempts;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(attribute, value, "a whole number of at least 1 (it counts the first delivery)");
	}

	@Nullable Integer concurrency(String attribute, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			int concurrency = Integer.parseInt(value.trim());
			if (concurrency >= 1) {
				return concurrency;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(attribute, value, "a whole number of at least 1 (1 processes a shard's records one at a time)");
	}

	@Nullable Boolean bool(String attribute, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalid(attribute, value, "true or false");
		};
	}

	@Nullable Double multiplier(String attribute, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			double multiplier = Double.parseDouble(value.trim());
			if (multiplier >= 1.0 && Double.isFinite(multiplier)) {
				return multiplier;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(attribute, value, "a number of at least 1, such as 1.5");
	}

	@Nullable Duration duration(String attribute, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		String text = value.trim().toLowerCase(Locale.ROOT);
		Matcher simple = SIMPLE_DURATION.matcher(text);
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			String unit = (simple.group(2) != null) ? simple.group(2) : "ms";
			return switch (unit) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				default -> Duration.ofMillis(amount);
			};
		}
		try {
			Duration duration = Duration.parse(value.trim());
			if (!duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException ex) {
			// reported below
		}
		throw invalid(attribute, value, "a duration such as 500ms, 2s, 1m or PT1S");
	}

	@Nullable Duration positiveDuration(String attribute, String value) {
		Duration duration = duration(attribute, value);
		if (duration != null && duration.isZero()) {
			throw invalid(attribute, value, "a positive duration such as 30s, 10m or PT1H");
		}
		return duration;
	}

	private InvalidListenerMethodException invalid(String attribute, String value, String expected) {
		return new InvalidListenerMethodException(this.method,
				"has " + attribute + " '" + value + "'; use " + expected);
	}

}
