package io.github.kinetic.container;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Builds records and batches for unit tests.
 */
final class TestRecords {

	static final String STREAM = "orders";

	static final String SHARD = "shardId-000000000000";

	private TestRecords() {
	}

	static KinesisClientRecord record(long sequenceNumber, String data) {
		return record(sequenceNumber, data.getBytes(StandardCharsets.UTF_8));
	}

	static KinesisClientRecord record(long sequenceNumber, byte[] data) {
		return KinesisClientRecord.builder()
			.sequenceNumber(String.valueOf(sequenceNumber))
			.subSequenceNumber(0)
			.partitionKey("key-" + sequenceNumber)
			.approximateArrivalTimestamp(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(sequenceNumber))
			.data(ByteBuffer.wrap(data))
			.build();
	}

	static ShardBatch batch(String... data) {
		List<KinesisClientRecord> records = IntStream.range(0, data.length)
			.mapToObj((i) -> record(100 + i, data[i]))
			.toList();
		return new ShardBatch(STREAM, SHARD, records, 42L);
	}

}
