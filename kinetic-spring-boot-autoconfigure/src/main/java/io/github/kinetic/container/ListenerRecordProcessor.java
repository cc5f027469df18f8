package io.github.kinetic.container;

import java.util.function.LongSupplier;

import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;

import org.springframework.core.log.LogMessage;

/**
 * The KCL processor of one shard: hands each batch to a {@link RetryingDelivery} and
 * checkpoints with the listener's {@link CheckpointStrategy}.
 * <p>
 * KCL moves on to the next batch when {@code processRecords} returns, whatever happened,
 * so a failed batch is retried inside it, on KCL's thread, and the shard waits. When the
 * container stops during a retry, or the lease is lost, the processor halts: it takes no
 * further batch and checkpoints nothing it has not processed, so whichever worker next
 * holds the lease delivers the rest again.
 */
final class ListenerRecordProcessor implements ShardRecordProcessor {

	private static final Log logger = LogFactory.getLog(ListenerRecordProcessor.class);

	private final String streamName;

	private final ListenerBinding binding;

	private final ContainerStopSignal stopSignal;

	private final LongSupplier nanoTime;

	private final ListenerObserver observer;

	private String shardId = "";

	private ListenerShard shard = new ListenerShard("", "", "");

	private @Nullable ShardCheckpointer checkpointer;

	private @Nullable CheckpointStrategy checkpoints;

	private @Nullable RetryingDelivery delivery;

	private boolean halted;

	ListenerRecordProcessor(String streamName, ListenerBinding binding, ContainerStopSignal stopSignal,
			ListenerObserver observer) {
		this(streamName, binding, stopSignal, System::nanoTime, observer);
	}

	ListenerRecordProcessor(String streamName, ListenerBinding binding, ContainerStopSignal stopSignal,
			LongSupplier nanoTime, ListenerObserver observer) {
		this.streamName = streamName;
		this.binding = binding;
		this.stopSignal = stopSignal;
		this.nanoTime = nanoTime;
		this.observer = observer;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.shardId = input.shardId();
		this.shard = new ListenerShard(this.binding.listenerId(), this.streamName, this.shardId);
		this.observer.shardStarted(this.shard);
		ShardCheckpointer shardCheckpointer = new ShardCheckpointer(this.streamName, this.shardId, this.stopSignal);
		CheckpointStrategy strategy = CheckpointStrategy.create(this.binding.checkpointMode(),
				this.binding.checkpointInterval(), shardCheckpointer, this.nanoTime);
		this.checkpointer = shardCheckpointer;
		this.checkpoints = strategy;
		this.delivery = new RetryingDelivery(this.binding.invoker(), this.binding.failurePolicy(), strategy,
				shardCheckpointer, this.stopSignal, this.observer, this.shard);
		logger.debug(LogMessage.format("Processing %s/%s for listener %s from %s", this.streamName, this.shardId,
				this.binding.listenerId(), input.extendedSequenceNumber()));
	}

	@Override
	public void processRecords(ProcessRecordsInput input) {
		ShardCheckpointer shardCheckpointer = this.checkpointer;
		CheckpointStrategy strategy = this.checkpoints;
		RetryingDelivery retryingDelivery = this.delivery;
		this.observer.batchReceived(this.shard, input.records().size(), input.millisBehindLatest());
		if (this.halted || shardCheckpointer == null || strategy == null || retryingDelivery == null) {
			return;
		}
		if (input.records().isEmpty()) {
			// KCL calls with empty batches only when configured to; a periodic checkpoint
			// may be due all the same
			shardCheckpointer.use(input.checkpointer());
			strategy.afterBatch();
			return;
		}
		MDC.put(KinesisListenerMdc.STREAM, this.streamName);
		MDC.put(KinesisListenerMdc.SHARD, this.shardId);
		try {
			shardCheckpointer.use(input.checkpointer());
			ShardBatch batch = new ShardBatch(this.streamName, this.shardId, input.records(),
					input.millisBehindLatest());
			if (deliver(retryingDelivery, batch)) {
				strategy.afterBatch();
			}
			else {
				this.halted = true;
			}
			if (shardCheckpointer.isLeaseLost()) {
				this.halted = true;
			}
		}
		finally {
			MDC.remove(KinesisListenerMdc.STREAM);
			MDC.remove(KinesisListenerMdc.SHARD);
		}
	}

	private boolean deliver(RetryingDelivery retryingDelivery, ShardBatch batch) {
		try {
			return retryingDelivery.deliver(batch);
		}
		catch (RuntimeException | Error ex) {
			// returning normally would let KCL hand over the next batch, whose checkpoint
			// would skip this one: stop the shard instead
			logger.error(LogMessage.format("Stopped processing %s/%s after an unexpected failure in the batch from"
					+ " sequence number %s; nothing the listener did not process is checkpointed, and the rest is"
					+ " delivered again after a restart or by the next owner of the lease", this.streamName,
					this.shardId, batch.get(0).sequenceNumber()), ex);
			return false;
		}
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.halted = true;
		this.observer.shardStopped(this.shard);
		if (this.checkpointer != null) {
			this.checkpointer.leaseLost();
		}
		logger.info(LogMessage.format("Lease of %s/%s lost", this.streamName, this.shardId));
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		this.observer.shardStopped(this.shard);
		if (this.halted) {
			return;
		}
		try {
			// KCL reads the child shards only once the end of the parent is checkpointed;
			// every record of the shard has been processed or recovered by now
			input.checkpointer().checkpoint();
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format("Could not checkpoint the end of %s/%s", this.streamName, this.shardId), ex);
		}
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		ShardCheckpointer shardCheckpointer = this.checkpointer;
		CheckpointStrategy strategy = this.checkpoints;
		if (shardCheckpointer == null || strategy == null || shardCheckpointer.isLeaseLost()) {
			return;
		}
		// only what the listener processed or the recoverer took: never the records it
		// was failing on
		shardCheckpointer.use(input.checkpointer());
		strategy.beforeShutdown();
	}

}
