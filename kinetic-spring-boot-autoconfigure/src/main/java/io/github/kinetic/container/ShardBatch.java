package io.github.kinetic.container;

import java.util.ArrayList;
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
		// one copy, where List.copyOf makes two of KCL's ArrayList: the batch stays as it
		// was handed over, and no listener can change it through its context
		records = Collections.unmodifiableList(new ArrayList<>(records));
	}

	KinesisClientRecord get(int index) {
		return this.records.get(index);
	}

	int size() {
		return this.records.size();
	}

}
