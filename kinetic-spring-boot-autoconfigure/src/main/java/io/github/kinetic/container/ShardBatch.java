package io.github.kinetic.container;

import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One batch of records KCL handed the processor of a shard.
 *
 * @param streamName the stream
 * @param shardId the shard
 * @param records the records, in shard order
 * @param millisBehindLatest how far behind the tip of the shard the batch was read, if
 * known
 */
record ShardBatch(String streamName, String shardId, List<KinesisClientRecord> records,
		@Nullable Long millisBehindLatest) {

	ShardBatch {
		// a read-only view, not a copy: KCL builds a new list for each batch and leaves
		// it alone once handed over (so do the filter stage and the key groups), so the
		// view keeps the batch as it was handed over and no listener can change it
		records = Collections.unmodifiableList(records);
	}

	KinesisClientRecord get(int index) {
		return this.records.get(index);
	}

	int size() {
		return this.records.size();
	}

}
