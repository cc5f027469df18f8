package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * One shard as its processor holds it, from {@code initialize} to the end of the lease:
 * the one owner of the shard's checkpoints. It delivers each batch, keeps how far the
 * shard was processed and checkpointed, asks the {@link CheckpointPolicy} when to
 * checkpoint and has the {@link CheckpointWriter} write, through the KCL checkpointer of
 * the call at hand (KCL hands one to every call; none is kept between calls).
 * <p>
 * With a concurrency above 1 a {@link KeyGroupDelivery} delivers each batch key by key on
 * threads of its own and reports the low watermark, which the session then checkpoints;
 * the session's state stays on KCL's thread.
 * <p>
 * Once a delivery halts (the container stopped during a retry, or the lease was lost) the
 * session takes no further batch and checkpoints nothing it has not processed, so
 * whichever worker next holds the lease delivers the rest again.
 */
final class ShardSession {

	private static final Log logger = LogFactory.getLog(ShardSession.class);

	private final ListenerShard shard;

	private final RetryingDelivery delivery;

	private final CheckpointPolicy policy;

	private final CheckpointWriter writer;

	private final RecordFilterStage filter;

	private final @Nullable KeyGroupDelivery keyGroups;

	private @Nullable KinesisClientRecord processed;

	private @Nullable KinesisClientRecord checkpointed;

	private boolean halted;

	ShardSession(ListenerShard shard, RecordFilterStage filter, RetryingDelivery delivery, CheckpointPolicy policy,
			CheckpointWriter writer) {
		this(shard, filter, delivery, null, policy, writer);
	}

	ShardSession(ListenerShard shard, RecordFilterStage filter, RetryingDelivery delivery,
			@Nullable KeyGroupDelivery keyGroups, CheckpointPolicy policy, CheckpointWriter writer) {
		this.shard = shard;
		this.keyGroups = keyGroups;
		this.filter = filter;
		this.delivery = delivery;
		this.policy = policy;
		this.writer = writer;
	}

	static ShardSession start(ListenerBinding binding, ListenerShard shard, ContainerStopSignal stopSignal,
			ListenerObserver observer, LongSupplier nanoTime) {
		RetryingDelivery delivery = new RetryingDelivery(binding.invoker(), binding.failurePolicy(), stopSignal,
				observer, shard, binding.lifecycle());
		CheckpointPolicy policy = CheckpointPolicy.of(binding.checkpointMode(), binding.checkpointInterval(), nanoTime);
		KeyGroupDelivery keyGroups = binding.concurrency().isConcurrent()
				? new KeyGroupDelivery(delivery, binding.concurrency(), stopSignal, shard) : null;
		return new ShardSession(shard, new RecordFilterStage(binding.filter(), observer, shard), delivery, keyGroups,
				policy, new CheckpointWriter(shard.stream(), shard.shardId(), stopSignal));
	}

	/**
	 * Deliver one batch KCL handed the processor, then checkpoint as the policy says.
	 * @param batch the batch, possibly empty (KCL calls with empty batches only when
	 * configured to; a periodic checkpoint may be due all the same)
	 * @param kcl the checkpointer of the call
	 */
	void process(ShardBatch batch, RecordProcessorCheckpointer kcl) {
		if (this.halted) {
			return;
		}
		if (batch.size() > 0) {
			ShardBatch accepted = this.filter.apply(batch);
			if (accepted.size() > 0) {
				RetryingDelivery.Outcome outcome = deliver(accepted, kcl);
				if (outcome.halted()) {
					this.halted = true;
					return;
				}
			}
			if (accepted != batch) {
				// every accepted record is processed or recovered: the filtered ones
				// after the last of them count as processed too
				this.processed = batch.get(batch.size() - 1);
			}
		}
		checkpointIf(this.policy.afterBatch(), kcl);
		if (this.writer.isLeaseLost()) {
			this.halted = true;
		}
	}

	private RetryingDelivery.Outcome deliver(ShardBatch batch, RecordProcessorCheckpointer kcl) {
		if (this.keyGroups != null) {
			// several keys at once: the checkpoint moves to the low watermark only
			RetryingDelivery.Outcome outcome = this.keyGroups.deliver(batch, this.writer::isLeaseLost);
			if (outcome.processed() > 0) {
				this.processed = batch.get(outcome.processed() - 1);
			}
			return outcome;
		}
		try {
			return this.delivery.deliver(batch, new Call(batch, kcl));
		}
		catch (RuntimeException | Error ex) {
			// returning normally would let KCL hand over the next batch, whose checkpoint
			// would skip this one: stop the shard instead
			logger.error(LogMessage.format("Stopped processing %s/%s after an unexpected failure in the batch from"
					+ " sequence number %s; nothing the listener did not process is checkpointed, and the rest is"
					+ " delivered again after a restart or by the next owner of the lease", this.shard.stream(),
					this.shard.shardId(), batch.get(0).sequenceNumber()), ex);
			return RetryingDelivery.Outcome.halted(0);
		}
	}

	/**
	 * The shard ended. KCL reads the child shards only once the end of the parent is
	 * checkpointed; unless the session halted, every record of the shard has been
	 * processed or recovered by now.
	 * @param kcl the checkpointer of the call
	 */
	void shardEnded(RecordProcessorCheckpointer kcl) {
		close();
		if (!this.halted) {
			this.writer.writeShardEnd(kcl);
		}
	}

	/**
	 * The processor shuts down and holds its lease until this returns: a last checkpoint
	 * of what the listener processed or the recoverer took, never of the records it was
	 * failing on.
	 * @param kcl the checkpointer of the call
	 */
	void shutdownRequested(RecordProcessorCheckpointer kcl) {
		close();
		if (!this.writer.isLeaseLost()) {
			checkpointIf(this.policy.beforeShutdown(), kcl);
		}
	}

	void leaseLost() {
		this.halted = true;
		this.writer.leaseLost();
		close();
	}

	private void close() {
		if (this.keyGroups != null) {
			this.keyGroups.close();
		}
	}

	private void checkpointIf(boolean due, RecordProcessorCheckpointer kcl) {
		KinesisClientRecord record = this.processed;
		if (due && record != null && record != this.checkpointed && write(kcl, record)) {
			this.policy.written();
		}
	}

	private boolean write(RecordProcessorCheckpointer kcl, KinesisClientRecord record) {
		if (!this.writer.write(kcl, record)) {
			return false;
		}
		this.checkpointed = record;
		return true;
	}

	/**
	 * What one delivery reports, by index into its batch.
	 */
	private final class Call implements RetryingDelivery.Progress {

		private final ShardBatch batch;

		private final RecordProcessorCheckpointer kcl;

		Call(ShardBatch batch, RecordProcessorCheckpointer kcl) {
			this.batch = batch;
			this.kcl = kcl;
		}

		@Override
		public void processed(int index) {
			ShardSession.this.processed = this.batch.get(index);
			checkpointIf(ShardSession.this.policy.afterProcessed(), this.kcl);
		}

		@Override
		public void checkpoint(int index) {
			KinesisClientRecord record = this.batch.get(index);
			if (!write(this.kcl, record)) {
				throw new IllegalStateException("Could not checkpoint at " + record.sequenceNumber()
						+ "; the records after the last checkpoint will be delivered again");
			}
		}

		@Override
		public void failed() {
			checkpointIf(ShardSession.this.policy.afterFailure(), this.kcl);
		}

		@Override
		public boolean leaseLost() {
			return ShardSession.this.writer.isLeaseLost();
		}

	}

	/**
	 * The first stage of a batch: keeps the records the listener's filter accepts. The
	 * records it passes over count as processed; the session checkpoints past them once
	 * the records around them are done.
	 */
	static final class RecordFilterStage {

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
		 * @return the same batch without a filter or when every record is accepted, else
		 * a batch of the accepted records, in order, possibly empty
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

}
