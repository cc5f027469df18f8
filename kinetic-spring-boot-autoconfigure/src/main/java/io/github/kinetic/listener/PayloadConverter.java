package io.github.kinetic.listener;

import java.lang.reflect.Type;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Converts a record's data to the type a listener method declares.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface PayloadConverter {

	/**
	 * Convert the record's data.
	 * @param record the record
	 * @param targetType the type the listener expects
	 * @return the converted payload
	 * @throws PayloadConversionException if the data cannot be converted
	 */
	Object convert(KinesisClientRecord record, Type targetType);

	/**
	 * Whether this converter can produce the given type at all; checked at startup so
	 * that a listener signature it cannot serve fails early.
	 * @param targetType the type a listener expects
	 * @return whether {@link #convert} can produce it
	 */
	default boolean canConvert(Type targetType) {
		return true;
	}

}
