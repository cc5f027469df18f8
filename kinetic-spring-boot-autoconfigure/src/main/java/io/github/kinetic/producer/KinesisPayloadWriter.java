package io.github.kinetic.producer;

/**
 * Writes a payload that is not already bytes or text as the data of a Kinesis record. The
 * auto-configured one writes JSON with the application's {@code JsonMapper}, the same one
 * the listeners read with.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface KinesisPayloadWriter {

	/**
	 * Write the payload.
	 * @param payload the payload
	 * @return the record data
	 */
	byte[] write(Object payload);

}
