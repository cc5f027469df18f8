package io.github.kinetic.settings;

/**
 * What the consumer does at startup when a configured stream does not exist.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public enum MissingStreamsPolicy {

	/**
	 * Fail startup with an error naming the stream.
	 */
	FAIL,

	/**
	 * Start the application and begin consuming once every configured stream exists,
	 * checking at an interval.
	 */
	WAIT

}
