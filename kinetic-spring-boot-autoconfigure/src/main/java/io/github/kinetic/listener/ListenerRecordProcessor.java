package io.github.kinetic.listener;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.log.LogMessage;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KCL processor of one shard: hands each batch to the listener, retries it in place
 * while the listener fails, and checkpoints only what the listener processed.
 * <p>
 * KCL moves on to the next batch when {@code processRecords} returns, whatever happened,
 * so a failed batch is retried here, on KCL's thread, and the shard waits. When the
 * container stops during a retry the batch is left unchecked and is delivered again by
 * whichever worker next holds the lease.
 */
final class ListenerRecordProcessor implements ShardRecordProcessor {

	private static final Log logger = LogFactory.getLog(ListenerRecordProcessor.class);

	static final String MDC_STREAM = "kinetic.stream";

	static final String MDC_SHARD = "kinetic.shard";

	private static final int CHECKPOINT_ATTEMPTS = 5;

	private final String streamName;

	private final ListenerMethodInvoker invoker;

	private final BackOff backOff;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private String shardId = "";

	private ListenerShard shard = new ListenerShard("", "", "");

	private @Nullable KinesisClientRecord lastProcessed;

	private boolean lastProcessedCheckpointed = true;

	private boolean halted;

	ListenerRecordProcessor(String streamName, ListenerMethodInvoker invoker, BackOff backOff,
			ContainerStopSignal stopSignal, ListenerObserver observer) {
		this.streamName = streamName;
		this.invoker = invoker;
		this.backOff = backOff;
		this.stopSignal = stopSignal;
		this.observer = observer;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.shardId = input.shardId();
		this.shard = new ListenerShard(this.invoker.endpoint().id(), this.streamName, this.shardId);
		this.observer.shardStarted(this.shard);
		logger.debug(LogMessage.format("Processing %s/%s from %s", this.streamName, this.shardId,
				input.extendedSequenceNumber()));
	}

	@Override
	public void processRecords(ProcessRecordsInput input) {
		List<KinesisClientRecord> records = input.records();
		this.observer.batchReceived(this.shard, records.size(), input.millisBehindLatest());
		if (this.halted || records.isEmpty()) {
			return;
		}
		MDC.put(MDC_STREAM, this.streamName);
		MDC.put(MDC_SHARD, this.shardId);
		try {
			if (deliver(records)) {
				checkpoint(input.checkpointer());
			}
			else {
				this.halted = true;
			}
		}
		finally {
			MDC.remove(MDC_STREAM);
			MDC.remove(MDC_SHARD);
		}
	}

	/**
	 * Deliver the batch until the listener has processed all of it.
	 * @return whether it was processed; {@code false} if the container stopped first
	 */
	private boolean deliver(List<KinesisClientRecord> records) {
		BackOffExecution backOffExecution = this.backOff.start();
		int from = 0;
		for (int attempt = 1;; attempt++) {
			long start = System.nanoTime();
			try {
				this.invoker.invoke(records, from);
				this.observer.batchProcessed(this.shard, records.size() - from, System.nanoTime() - start);
				markProcessed(records.get(records.size() - 1));
				return true;
			}
			catch (ListenerInvocationException ex) {
				this.observer.listenerFailed(this.shard, Math.max(ex.failedIndex() - from, 0), ex.getCause(),
						System.nanoTime() - start);
				if (ex.failedIndex() > from) {
					markProcessed(records.get(ex.failedIndex() - 1));
					from = ex.failedIndex();
				}
				long wait = nextBackOff(backOffExecution);
				logger.error(LogMessage.format(
						"Listener %s failed on %s/%s at sequence number %s (attempt %d, %d records of the batch left);"
								+ " retrying in %d ms, nothing from this record on is checkpointed",
						this.invoker.endpoint().id(), this.streamName, this.shardId, records.get(from).sequenceNumber(),
						attempt, records.size() - from, wait), ex.getCause());
				this.observer.retrying(this.shard, attempt, wait);
				if (!this.stopSignal.sleepUnlessStopped(wait)) {
					logger.warn(LogMessage.format(
							"Stopping with %s/%s unprocessed from sequence number %s; it will be delivered again",
							this.streamName, this.shardId, records.get(from).sequenceNumber()));
					return false;
				}
			}
		}
	}

	private long nextBackOff(BackOffExecution execution) {
		long next = execution.nextBackOff();
		// a back-off that gives up must not skip data: without a recoverer, keep retrying
		return (next == BackOffExecution.STOP) ? 0 : next;
	}

	private void markProcessed(KinesisClientRecord record) {
		this.lastProcessed = record;
		this.lastProcessedCheckpointed = false;
	}

	private void checkpoint(RecordProcessorCheckpointer checkpointer) {
		KinesisClientRecord record = this.lastProcessed;
		if (record == null || this.lastProcessedCheckpointed) {
			return;
		}
		for (int attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
			try {
				checkpointer.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
				this.lastProcessedCheckpointed = true;
				return;
			}
			catch (ThrottlingException | KinesisClientLibDependencyException ex) {
				logger.warn(LogMessage.format("Checkpoint of %s/%s at %s failed (attempt %d of %d)", this.streamName,
						this.shardId, record.sequenceNumber(), attempt, CHECKPOINT_ATTEMPTS), ex);
				if (!this.stopSignal.sleepUnlessStopped(100L * attempt)) {
					return;
				}
			}
			catch (ShutdownException ex) {
				logger.info(LogMessage.format(
						"Lease of %s/%s was lost before the checkpoint at %s; "
								+ "the new owner will deliver from the previous checkpoint",
						this.streamName, this.shardId, record.sequenceNumber()));
				this.halted = true;
				return;
			}
			catch (InvalidStateException ex) {
				logger.error(LogMessage.format("Checkpoint of %s/%s at %s failed", this.streamName, this.shardId,
						record.sequenceNumber()), ex);
				return;
			}
		}
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.halted = true;
		this.observer.shardStopped(this.shard);
		logger.info(LogMessage.format("Lease of %s/%s lost", this.streamName, this.shardId));
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		this.observer.shardStopped(this.shard);
		if (this.halted) {
			return;
		}
		try {
			// KCL needs the end of the shard checkpointed before it reads the child
			// shards
			input.checkpointer().checkpoint();
		}
		catch (Exception ex) {
			logger.warn(LogMessage.format("Could not checkpoint the end of %s/%s", this.streamName, this.shardId), ex);
		}
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		// only what the listener processed: never the batch it may have failed on
		checkpoint(input.checkpointer());
	}

}
