package io.github.kinetic.lease;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a configured stream does not exist.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class StreamNotFoundException extends IllegalStateException {

	private final String streamName;

	public StreamNotFoundException(String streamName, @Nullable Throwable cause) {
		super("Kinesis stream '" + streamName + "' does not exist", cause);
		this.streamName = streamName;
	}

	/**
	 * Return the name of the missing stream.
	 * @return the stream name
	 */
	public String getStreamName() {
		return this.streamName;
	}

}
