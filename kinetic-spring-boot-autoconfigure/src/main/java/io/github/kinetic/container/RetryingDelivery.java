package io.github.kinetic.container;

import java.util.Objects;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Delivers one batch to a listener until every record is processed or recovered, on the
 * KCL thread of the shard, so the shard waits and its order holds.
 * <p>
 * A failed record is delivered again after the back-off, with the records after it. After
 * the configured attempts (at once for a record that cannot be converted) the recoverer
 * takes it; without a recoverer, or while the recoverer fails, delivery goes on with the
 * back-off and each failure is logged: a record is never skipped. Nothing from the failed
 * record on is marked processed, so nothing from there on is checkpointed.
 */
final class RetryingDelivery {

	private static final Log logger = LogFactory.getLog(RetryingDelivery.class);

	private static final long MIN_WAIT_AFTER_BACK_OFF_STOPS = 1000;

	private final ListenerMethodInvoker invoker;

	private final FailurePolicy policy;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private final ListenerShard shard;

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard) {
		this.invoker = invoker;
		this.policy = policy;
		this.stopSignal = stopSignal;
		this.observer = observer;
		this.shard = shard;
	}

	/**
	 * Deliver the batch.
	 * @param batch the batch
	 * @param progress told of what was processed or recovered, by index
	 * @return every record processed or recovered, or halted because the container
	 * stopped or the lease was lost first; the rest of the batch is then left for
	 * redelivery
	 */
	Outcome deliver(ShardBatch batch, Progress progress) {
		Failures failures = new Failures();
		int from = 0;
		while (true) {
			ListenerInvocationException failure;
			long start = System.nanoTime();
			try {
				this.invoker.invoke(batch, from, progress);
				this.observer.batchProcessed(this.shard, batch.size() - from, System.nanoTime() - start);
				return Outcome.completed(batch);
			}
			catch (ListenerInvocationException ex) {
				failure = ex;
			}
			this.observer.listenerFailed(this.shard, Math.max(failure.failedIndex() - from, 0),
					Objects.requireNonNull(failure.getCause()), System.nanoTime() - start);
			from = failure.failedIndex();
			progress.failed();
			int attempts = failures.record(failure, this.policy);
			long wait = failures.nextWait();
			boolean exhausted = failure.isConversionFailure() || attempts >= this.policy.maxAttempts()
					|| wait == BackOffExecution.STOP;
			if (exhausted && this.policy.recoverer() != null) {
				int end = failure.isSingleRecord() ? from + 1 : batch.size();
				int recovered = recover(this.policy.recoverer(), batch, from, end, failure, attempts);
				if (recovered > from) {
					progress.processed(recovered - 1);
					from = recovered;
				}
				if (recovered == end) {
					if (from == batch.size()) {
						return Outcome.completed(batch);
					}
					failures.reset();
					continue;
				}
			}
			else {
				logFailure(batch, failure, attempts, failures.waitOrLast(wait));
				this.observer.retrying(this.shard, attempts, failures.waitOrLast(wait));
			}
			if (progress.leaseLost() || !this.stopSignal.sleepUnlessStopped(failures.waitOrLast(wait))) {
				logger.warn(LogMessage.format(
						"Stopping with %s/%s unprocessed from sequence number %s; it will be delivered again",
						batch.streamName(), batch.shardId(), batch.get(from).sequenceNumber()));
				return Outcome.halted(from);
			}
		}
	}

	private int recover(KinesisRecordRecoverer recoverer, ShardBatch batch, int from, int end,
			ListenerInvocationException failure, int attempts) {
		Throwable cause = Objects.requireNonNull(failure.getCause());
		for (int i = from; i < end; i++) {
			KinesisClientRecord record = batch.get(i);
			KinesisFailedRecord failed = new KinesisFailedRecord(this.invoker.endpoint().id(), batch.streamName(),
					batch.shardId(), record, cause, attempts);
			try {
				recoverer.recover(failed);
				this.observer.deadLettered(this.shard, 1, cause);
				logger.warn(
						LogMessage.format("Record of %s/%s at sequence number %s %s; the recoverer took it",
								batch.streamName(), batch.shardId(), record.sequenceNumber(),
								failed.isConversionFailure()
										? "could not be converted for listener " + failed.listenerId()
										: "failed listener " + failed.listenerId() + " " + attempts + " time(s)"),
						cause);
			}
			catch (Throwable ex) {
				logger.error(LogMessage.format(
						"Recoverer could not take the record of %s/%s at sequence number %s; "
								+ "delivering it again after the back-off",
						batch.streamName(), batch.shardId(), record.sequenceNumber()), ex);
				return i;
			}
		}
		return end;
	}

	private void logFailure(ShardBatch batch, ListenerInvocationException failure, int attempts, long wait) {
		String next = (this.policy.recoverer() != null)
				? "the recoverer takes it after " + this.policy.maxAttempts() + " attempts"
				: "no recoverer is configured (kinetic.listener.dead-letter.stream or a KinesisRecordRecoverer bean),"
						+ " so it is retried until it succeeds";
		logger.error(LogMessage.format(
				"Listener %s failed on %s/%s at sequence number %s (attempt %d, %d record(s) of the batch left);"
						+ " retrying in %d ms, nothing from this record on is checkpointed; %s",
				this.invoker.endpoint().id(), batch.streamName(), batch.shardId(),
				batch.get(failure.failedIndex()).sequenceNumber(), attempts, batch.size() - failure.failedIndex(), wait,
				next), failure.getCause());
	}

	/**
	 * What a delivery reports while it goes, by index into the batch.
	 */
	interface Progress extends ListenerMethodInvoker.Progress {

		/**
		 * The listener failed; what it processed before may be checkpointed, nothing
		 * after.
		 */
		void failed();

		/**
		 * Whether the lease of the shard was lost, after which retrying is pointless.
		 */
		boolean leaseLost();

	}

	/**
	 * How a delivery ended.
	 *
	 * @param processed how many records from the start of the batch were processed or
	 * recovered
	 * @param halted whether delivery stopped before the end of the batch
	 */
	record Outcome(int processed, boolean halted) {

		static Outcome completed(ShardBatch batch) {
			return new Outcome(batch.size(), false);
		}

		static Outcome halted(int processed) {
			return new Outcome(processed, true);
		}

	}

	/**
	 * The attempts and back-off of the record currently failing.
	 */
	private static final class Failures {

		private int failedIndex = -1;

		private int attempts;

		private @Nullable BackOffExecution backOff;

		private long lastWait = MIN_WAIT_AFTER_BACK_OFF_STOPS;

		int record(ListenerInvocationException failure, FailurePolicy policy) {
			if (failure.failedIndex() != this.failedIndex || this.backOff == null) {
				this.failedIndex = failure.failedIndex();
				this.attempts = 0;
				this.backOff = policy.backOff().start();
			}
			return ++this.attempts;
		}

		long nextWait() {
			return Objects.requireNonNull(this.backOff).nextBackOff();
		}

		/**
		 * The wait to use: a back-off that gives up must not skip data, so once it stops,
		 * its last wait is kept.
		 */
		long waitOrLast(long wait) {
			if (wait == BackOffExecution.STOP) {
				return Math.max(this.lastWait, MIN_WAIT_AFTER_BACK_OFF_STOPS);
			}
			this.lastWait = wait;
			return wait;
		}

		void reset() {
			this.failedIndex = -1;
			this.backOff = null;
		}

	}

}
