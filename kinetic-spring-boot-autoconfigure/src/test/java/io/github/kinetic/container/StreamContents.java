package io.github.kinetic.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads what is on a stream with plain GetRecords calls, as an operator would, to check
 * what the code under test consumed or published.
 */
final class StreamContents {

	private StreamContents() {
	}

	/**
	 * Return every record of the stream, shard after shard, each shard in order.
	 */
	static List<Record> records(KinesisAsyncClient kinesis, String stream) {
		List<Record> records = new ArrayList<>();
		for (Shard shard : kinesis.listShards((request) -> request.streamName(stream)).join().shards()) {
			String iterator = kinesis
				.getShardIterator((request) -> request.streamName(stream)
					.shardId(shard.shardId())
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
				.join()
				.shardIterator();
			while (iterator != null) {
				String current = iterator;
				GetRecordsResponse response = kinesis
					.getRecords((request) -> request.shardIterator(current).limit(10000))
					.join();
				records.addAll(response.records());
				iterator = response.records().isEmpty() ? null : response.nextShardIterator();
			}
		}
		return records;
	}

	/**
	 * Return the sequence number of the record with the given UTF-8 data.
	 */
	static String sequenceNumberOf(KinesisAsyncClient kinesis, String stream, String data) {
		return records(kinesis, stream).stream()
			.filter((record) -> record.data().asString(StandardCharsets.UTF_8).equals(data))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No record '" + data + "' on " + stream))
			.sequenceNumber();
	}

}
