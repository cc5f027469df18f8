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
 * The KCL processor of one shard. It builds the shard's {@link ShardSession} in
 * {@code initialize} and hands it every call: batches, the end of the shard, shutdown and
 * the loss of the lease.
 * <p>
 * KCL moves on to the next batch when {@code processRecords} returns, whatever happened,
 * so a failed batch is retried inside it, on KCL's thread, and the shard waits.
 */
final class ListenerRecordProcessor implements ShardRecordProcessor {

	private static final Log logger = LogFactory.getLog(ListenerRecordProcessor.class);

	private final String streamName;

	private final ListenerBinding binding;

	private final ContainerStopSignal stopSignal;

	private final LongSupplier nanoTime;

	private final ListenerObserver observer;

	private @Nullable Started started;

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
		ListenerShard shard = new ListenerShard(this.binding.listenerId(), this.streamName, input.shardId());
		this.observer.shardStarted(shard);
		this.started = new Started(shard,
				ShardSession.start(this.binding, shard, this.stopSignal, this.observer, this.nanoTime));
		logger.debug(LogMessage.format("Processing %s/%s for listener %s from %s", this.streamName, input.shardId(),
				this.binding.listenerId(), input.extendedSequenceNumber()));
	}

	@Override
	public void processRecords(ProcessRecordsInput input) {
		Started current = this.started;
		if (current == null) {
			return;
		}
		ListenerShard shard = current.shard();
		this.observer.batchReceived(shard, input.records().size(), input.millisBehindLatest());
		MDC.put(KinesisListenerMdc.STREAM, shard.stream());
		MDC.put(KinesisListenerMdc.SHARD, shard.shardId());
		try {
			current.session()
				.process(new ShardBatch(shard.stream(), shard.shardId(), input.records(), input.millisBehindLatest()),
						input.checkpointer());
		}
		finally {
			MDC.remove(KinesisListenerMdc.STREAM);
			MDC.remove(KinesisListenerMdc.SHARD);
		}
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		Started current = this.started;
		if (current != null) {
			this.observer.shardStopped(current.shard());
			current.session().leaseLost();
			logger.info(LogMessage.format("Lease of %s/%s lost", this.streamName, current.shard().shardId()));
		}
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		Started current = this.started;
		if (current != null) {
			this.observer.shardStopped(current.shard());
			current.session().shardEnded(input.checkpointer());
		}
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		Started current = this.started;
		if (current != null) {
			current.session().shutdownRequested(input.checkpointer());
		}
	}

	/**
	 * What {@code initialize} set up; KCL calls nothing else before it.
	 */
	private record Started(ListenerShard shard, ShardSession session) {

	}

}
