package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The first stage of a batch: keeps the records the listener's filter accepts. The
 * records it passes over count as processed; the session checkpoints past them once the
 * records around them are done.
 */
final class RecordFilterStage {

	private final @Nullable KinesisRecordFilter filter;

	private final ListenerObserver observer;

	private final ListenerShard shard;

	RecordFilterStage(@Nullable KinesisRecordFilter filter, ListenerObserver observer, ListenerShard shard) {
		this.filter = filter;
		this.observer = observer;
		this.shard = shard;
	}

	/**
	 * Return the records of the batch that reach the listener.
	 * @param batch the batch as KCL handed it
	 * @return the same batch without a filter or when every record is accepted, else a
	 * batch of the accepted records, in order, possibly empty
	 */
	ShardBatch apply(ShardBatch batch) {
		KinesisRecordFilter recordFilter = this.filter;
		if (recordFilter == null) {
			return batch;
		}
		List<KinesisClientRecord> accepted = new ArrayList<>(batch.size());
		for (KinesisClientRecord record : batch.records()) {
			if (recordFilter.accept(record)) {
				accepted.add(record);
			}
		}
		if (accepted.size() == batch.size()) {
			return batch;
		}
		this.observer.recordsFiltered(this.shard, batch.size() - accepted.size());
		return new ShardBatch(batch.streamName(), batch.shardId(), accepted, batch.millisBehindLatest());
	}

}
