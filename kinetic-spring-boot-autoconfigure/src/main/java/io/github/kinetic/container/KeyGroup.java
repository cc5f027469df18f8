package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The records of one partition key in a batch, in shard order, and how many of them are
 * processed or recovered. One thread delivers them; the shard's processor reads how far
 * it got.
 */
final class KeyGroup {

	private final int[] indices;

	private final ShardBatch records;

	private volatile int done;

	private KeyGroup(int[] indices, ShardBatch records) {
		this.indices = indices;
		this.records = records;
	}

	/**
	 * Split a batch by partition key.
	 * @param batch the batch
	 * @return one group per key, in the order of each key's first record
	 */
	static List<KeyGroup> of(ShardBatch batch) {
		Map<String, List<Integer>> byKey = new LinkedHashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			byKey.computeIfAbsent(batch.get(i).partitionKey(), (key) -> new ArrayList<>()).add(i);
		}
		List<KeyGroup> groups = new ArrayList<>(byKey.size());
		for (List<Integer> positions : byKey.values()) {
			int[] indices = positions.stream().mapToInt(Integer::intValue).toArray();
			List<KinesisClientRecord> records = new ArrayList<>(indices.length);
			for (int index : indices) {
				records.add(batch.get(index));
			}
			groups.add(new KeyGroup(indices,
					new ShardBatch(batch.streamName(), batch.shardId(), records, batch.millisBehindLatest())));
		}
		return groups;
	}

	/**
	 * The group's records, as a batch of their own.
	 */
	ShardBatch records() {
		return this.records;
	}

	/**
	 * Every record of the group up to and including the one at this index of
	 * {@link #records()} is processed or recovered.
	 */
	void processed(int index) {
		this.done = index + 1;
	}

	/**
	 * The index, in the whole batch, of the group's first record not processed or
	 * recovered yet, or -1 if there is none.
	 */
	int firstUnfinished() {
		int count = this.done;
		return (count < this.indices.length) ? this.indices[count] : -1;
	}

}
