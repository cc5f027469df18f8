package io.github.kinetic.container;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.ListenerShard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.core.log.LogMessage;

/**
 * Delivers a shard's batch with several partition keys at once: each key's records go, in
 * order, through the shard's {@link RetryingDelivery} on a thread of the shard's
 * executor, so a failing record blocks its key only.
 * <p>
 * The batch is delivered whole before the next one, as KCL hands a shard's batches one at
 * a time: {@link #deliver} returns once every key is done, or once the container stops or
 * the lease is lost and the calls in flight ended or the shutdown timeout passed. It
 * reports the low watermark: the records from the start of the batch that are all
 * processed or recovered; a record of another key past a failing or unfinished one is not
 * counted, so the checkpoint never passes an unfinished record.
 */
final class KeyGroupDelivery {

	private static final Log logger = LogFactory.getLog(KeyGroupDelivery.class);

	private static final long POLL_MILLIS = 100;

	private final RetryingDelivery delivery;

	private final KeyConcurrency concurrency;

	private final ContainerStopSignal stopSignal;

	private final ListenerShard shard;

	private final ThreadPoolExecutor executor;

	KeyGroupDelivery(RetryingDelivery delivery, KeyConcurrency concurrency, ContainerStopSignal stopSignal,
			ListenerShard shard) {
		this.delivery = delivery;
		this.concurrency = concurrency;
		this.stopSignal = stopSignal;
		this.shard = shard;
		this.executor = concurrency.newExecutor();
	}

	/**
	 * Deliver the batch, key by key.
	 * @param batch the batch
	 * @param leaseLost whether the lease of the shard was lost
	 * @return how many records from the start of the batch are processed or recovered;
	 * halted if that is not all of them
	 */
	RetryingDelivery.Outcome deliver(ShardBatch batch, BooleanSupplier leaseLost) {
		List<KeyConcurrency.KeyGroup> groups = KeyConcurrency.KeyGroup.of(batch);
		CountDownLatch finished = new CountDownLatch(groups.size());
		for (KeyConcurrency.KeyGroup group : groups) {
			try {
				this.executor.execute(() -> run(group, leaseLost, finished));
			}
			catch (RejectedExecutionException ex) {
				// the session is closing: the group stays unfinished
				finished.countDown();
			}
		}
		awaitGroups(finished, leaseLost);
		int processed = batch.size();
		for (KeyConcurrency.KeyGroup group : groups) {
			int first = group.firstUnfinished();
			if (first >= 0) {
				processed = Math.min(processed, first);
			}
		}
		return new RetryingDelivery.Outcome(processed, processed < batch.size());
	}

	private void run(KeyConcurrency.KeyGroup group, BooleanSupplier leaseLost, CountDownLatch finished) {
		try {
			if (this.stopSignal.isStopping() || leaseLost.getAsBoolean()) {
				return;
			}
			MDC.put(KinesisListenerMdc.STREAM, this.shard.stream());
			MDC.put(KinesisListenerMdc.SHARD, this.shard.shardId());
			this.delivery.deliver(group.records(), new GroupProgress(group, leaseLost));
		}
		catch (RuntimeException | Error ex) {
			logger.error(LogMessage.format(
					"Stopped delivering the records of partition key %s of %s/%s after an"
							+ " unexpected failure; nothing from its first unprocessed record on is checkpointed",
					group.records().get(0).partitionKey(), this.shard.stream(), this.shard.shardId()), ex);
		}
		finally {
			MDC.remove(KinesisListenerMdc.STREAM);
			MDC.remove(KinesisListenerMdc.SHARD);
			finished.countDown();
		}
	}

	/**
	 * Wait for every group, or, once the container stops or the lease is lost, for the
	 * calls in flight up to the shutdown timeout.
	 */
	private void awaitGroups(CountDownLatch finished, BooleanSupplier leaseLost) {
		long deadline = 0;
		boolean stopping = false;
		try {
			while (!finished.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
				if (!stopping && (this.stopSignal.isStopping() || leaseLost.getAsBoolean())) {
					stopping = true;
					deadline = System.nanoTime() + this.concurrency.shutdownTimeout().toNanos();
				}
				else if (stopping && System.nanoTime() - deadline > 0) {
					logger.warn(LogMessage.format(
							"Listener calls on %s/%s still running after the shutdown timeout of %s; only the records"
									+ " before the first unfinished one are checkpointed",
							this.shard.stream(), this.shard.shardId(), this.concurrency.shutdownTimeout()));
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Let the calls in flight end; no group starts after this.
	 */
	void close() {
		this.executor.shutdown();
	}

	/**
	 * What the delivery of one group reports. The checkpoint is the session's, written
	 * from the low watermark once the batch is done, never from a group's thread.
	 */
	private static final class GroupProgress implements RetryingDelivery.Progress {

		private final KeyConcurrency.KeyGroup group;

		private final BooleanSupplier leaseLost;

		GroupProgress(KeyConcurrency.KeyGroup group, BooleanSupplier leaseLost) {
			this.group = group;
			this.leaseLost = leaseLost;
		}

		@Override
		public void processed(int index) {
			this.group.processed(index);
		}

		@Override
		public void checkpoint(int index) {
			throw new IllegalStateException("A listener with concurrency above 1 checkpoints automatically");
		}

		@Override
		public void failed() {
		}

		@Override
		public boolean leaseLost() {
			return this.leaseLost.getAsBoolean();
		}

	}

}
