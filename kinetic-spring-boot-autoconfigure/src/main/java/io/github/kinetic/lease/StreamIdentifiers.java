package io.github.kinetic.lease;

/**
 * Reads KCL's multi-stream identifiers ({@code account:stream:creationEpoch}): the one
 * place that knows their format. Internal to kinetic.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class StreamIdentifiers {

	private StreamIdentifiers() {
	}

	/**
	 * Return the stream name in a multi-stream identifier.
	 * @param streamIdentifier the identifier
	 * @return the stream name, or the identifier itself if it is not a multi-stream one
	 */
	public static String streamName(String streamIdentifier) {
		String[] parts = streamIdentifier.split(":");
		return (parts.length == 3) ? parts[1] : streamIdentifier;
	}

	/**
	 * Whether a multi-stream identifier starts with a 12-digit account id.
	 * @param streamIdentifier the identifier
	 * @return whether it names an account
	 */
	public static boolean hasAccountId(String streamIdentifier) {
		return streamIdentifier.matches("\\d{12}:.*");
	}

}
