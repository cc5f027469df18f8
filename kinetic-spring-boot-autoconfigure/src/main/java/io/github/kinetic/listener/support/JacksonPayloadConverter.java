package io.github.kinetic.listener.support;

import java.lang.reflect.Type;

import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.listener.PayloadConverter;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a record's data as JSON with Jackson.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class JacksonPayloadConverter implements PayloadConverter {

	private final ObjectMapper objectMapper;

	public JacksonPayloadConverter(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Override
	public Object convert(KinesisClientRecord record, Type targetType) {
		JavaType javaType = this.objectMapper.constructType(targetType);
		try {
			return this.objectMapper.readValue(RecordData.bytes(record), javaType);
		}
		catch (JacksonException ex) {
			throw new PayloadConversionException("Cannot read record " + record.sequenceNumber() + " as JSON "
					+ targetType.getTypeName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
