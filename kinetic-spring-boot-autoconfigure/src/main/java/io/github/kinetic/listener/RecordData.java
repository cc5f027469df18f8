package io.github.kinetic.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Reads a record's data without moving the position of its buffer, so the same record can
 * be read again when a batch is retried.
 */
final class RecordData {

	private RecordData() {
	}

	static byte[] bytes(KinesisClientRecord record) {
		ByteBuffer data = record.data().duplicate();
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		return bytes;
	}

	static String utf8(KinesisClientRecord record) {
		return new String(bytes(record), StandardCharsets.UTF_8);
	}

}
