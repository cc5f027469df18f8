package io.github.kinetic.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code start-from.timestamp}: an ISO-8601 instant, or a negative ISO-8601
 * duration counted back from now.
 */
final class StartTimestamps {

	private StartTimestamps() {
	}

	static Instant parse(String property, String value, Clock clock) {
		String text = value.trim();
		if (text.startsWith("-P") || text.startsWith("-p")) {
			try {
				Duration ago = Duration.parse(text);
				if (!ago.isNegative()) {
					throw invalid(property, value);
				}
				return clock.instant().plus(ago);
			}
			catch (DateTimeParseException ex) {
				throw invalid(property, value);
			}
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw invalid(property, value);
		}
	}

	private static InvalidKineticPropertyException invalid(String property, String value) {
		return new InvalidKineticPropertyException(property,
				"has value '" + value + "', which is neither an ISO-8601 instant nor a negative ISO-8601 duration",
				"Use an instant such as '2026-11-25T10:00:00Z', or a duration back from startup such as '-P1D' "
						+ "(one day ago) or '-PT2H' (two hours ago).");
	}

}
