package io.github.kinetic.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Splits entries into PutRecords calls that Kinesis accepts: at most 500 records and 5
 * MiB (data and partition keys) per call. Works on indexes into the template's entries,
 * so that a retry can send only those that failed.
 */
final class PutRecordsChunks {

	static final int MAX_RECORDS = 500;

	static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

	static final int MAX_RECORD_BYTES = 1024 * 1024;

	private PutRecordsChunks() {
	}

	static int size(PutRecordsRequestEntry entry) {
		// Kinesis counts the partition key's UTF-8 bytes against both limits
		return entry.data().asByteArrayUnsafe().length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
	}

	static List<List<Integer>> split(List<PutRecordsRequestEntry> entries, List<Integer> indexes) {
		List<List<Integer>> chunks = new ArrayList<>();
		List<Integer> chunk = new ArrayList<>();
		long bytes = 0;
		for (int index : indexes) {
			int size = size(entries.get(index));
			if (!chunk.isEmpty() && (chunk.size() == MAX_RECORDS || bytes + size > MAX_REQUEST_BYTES)) {
				chunks.add(chunk);
				chunk = new ArrayList<>();
				bytes = 0;
			}
			chunk.add(index);
			bytes += size;
		}
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
		return chunks;
	}

}
