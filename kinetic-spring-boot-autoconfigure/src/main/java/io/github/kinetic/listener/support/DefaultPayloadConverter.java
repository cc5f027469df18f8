package io.github.kinetic.listener.support;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.listener.PayloadConverter;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Serves {@link KinesisClientRecord}, {@code byte[]}, {@link ByteBuffer} and
 * {@link String} (UTF-8) itself and hands any other type to a JSON converter.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class DefaultPayloadConverter implements PayloadConverter {

	private final @Nullable PayloadConverter jsonConverter;

	/**
	 * Create a converter.
	 * @param jsonConverter the converter for types other than the raw ones, or
	 * {@code null} when no JSON library is available
	 */
	public DefaultPayloadConverter(@Nullable PayloadConverter jsonConverter) {
		this.jsonConverter = jsonConverter;
	}

	@Override
	public Object convert(KinesisClientRecord record, Type targetType) {
		if (targetType == KinesisClientRecord.class) {
			return record;
		}
		if (targetType == byte[].class) {
			return RecordData.bytes(record);
		}
		if (targetType == ByteBuffer.class) {
			return record.data().asReadOnlyBuffer();
		}
		if (targetType == String.class) {
			return RecordData.utf8(record);
		}
		if (this.jsonConverter == null) {
			throw new PayloadConversionException("Cannot convert record " + record.sequenceNumber() + " to "
					+ targetType.getTypeName() + ": no JSON library (Jackson) is on the classpath", null);
		}
		return this.jsonConverter.convert(record, targetType);
	}

	@Override
	public boolean canConvert(Type targetType) {
		return isRawType(targetType) || (this.jsonConverter != null && this.jsonConverter.canConvert(targetType));
	}

	private static boolean isRawType(Type type) {
		return type == KinesisClientRecord.class || type == byte[].class || type == ByteBuffer.class
				|| type == String.class;
	}

}
