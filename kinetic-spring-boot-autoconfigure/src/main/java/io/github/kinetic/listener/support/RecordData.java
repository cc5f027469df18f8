package io.github.kinetic.listener.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.github.kinetic.listener.PayloadConversionException;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Reads a record's data without moving the position of its buffer, so the same record can
 * be read again when a batch is retried.
 */
final class RecordData {

	private static final char REPLACEMENT = '\uFFFD';

	private RecordData() {
	}

	static byte[] bytes(KinesisClientRecord record) {
		ByteBuffer data = record.data();
		byte[] bytes = new byte[data.remaining()];
		// an absolute read leaves the position alone without a duplicate of the buffer
		data.get(data.position(), bytes);
		return bytes;
	}

	/**
	 * Decode the data as UTF-8, refusing malformed data rather than replacing it, so that
	 * a record that is not text goes to the recoverer instead of reaching the listener
	 * altered.
	 * @throws PayloadConversionException if the data is not valid UTF-8
	 */
	static String utf8(KinesisClientRecord record) {
		// the JDK's lenient decoding is far cheaper than a new strict decoder per record,
		// and it replaces each malformed sequence with U+FFFD: without one in its result
		// the data was valid UTF-8 and the result is what the strict decoder returns
		String text = new String(bytes(record), StandardCharsets.UTF_8);
		return (text.indexOf(REPLACEMENT) < 0) ? text : strictUtf8(record);
	}

	private static String strictUtf8(KinesisClientRecord record) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(record.data().duplicate())
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new PayloadConversionException(
					"Cannot read record " + record.sequenceNumber() + " as a String: its data is not valid UTF-8", ex);
		}
	}

}
