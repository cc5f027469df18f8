package io.github.kinetic.container;

import java.time.Clock;
import java.util.Objects;

import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Delivers one batch to a listener until every record is processed or recovered, on the
 * KCL thread of the shard, so the shard waits and its order holds.
 * <p>
 * A failed record is delivered again after the back-off, with the records after it. After
 * the configured attempts (at once for a record that cannot be converted) the recoverer
 * takes it; without a recoverer, or while the recoverer fails, delivery goes on with the
 * back-off and each failure is logged: the first with its stack trace, the next ones in
 * one line each. Nothing from the failed record on is marked processed, so nothing from
 * there on is checkpointed. A record that failed its attempts with no recoverer blocks
 * its shard (reported to the observer at each attempt) until it succeeds, expires, or an
 * operator asks to skip it.
 * <p>
 * With a maximum record age, records older than that when they are due for delivery or
 * for a retry are not delivered: the recoverer takes them or, without one, they are
 * skipped, with one warning per batch. That is the only way a record is ever skipped.
 * <p>
 * With bisecting on, a batch listener's failure that names no record is narrowed down to
 * the failing record by {@link BisectingCalls}, and that record alone is retried.
 */
final class RetryingDelivery {

	private static final Log logger = LogFactory.getLog(RetryingDelivery.class);

	private final ListenerMethodInvoker invoker;

	private final FailurePolicy policy;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private final ListenerShard shard;

	private final RecordAgeLimit ageLimit;

	private final ContainerLifecycle lifecycle;

	private final RecovererHandOff handOff;

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard, ContainerLifecycle lifecycle) {
		this(invoker, policy, stopSignal, observer, shard, Clock.systemUTC(), lifecycle);
	}

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard, Clock clock, ContainerLifecycle lifecycle) {
		this.lifecycle = lifecycle;
		this.invoker = invoker;
		this.policy = policy;
		this.stopSignal = stopSignal;
		this.observer = observer;
		this.shard = shard;
		this.ageLimit = new RecordAgeLimit(policy.maxRecordAge(), clock);
		this.handOff = new RecovererHandOff(invoker.endpoint().id(), policy.recoverer(), this.ageLimit, observer,
				shard);
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
		RecovererHandOff.ExpiredRecords expired = this.handOff.expiredRecords(batch);
		ListenerCalls calls = this.policy.bisectOnFailure() ? new BisectingCalls(this.invoker) : this.invoker;
		try {
			return deliver(batch, progress, expired, calls);
		}
		finally {
			expired.report();
		}
	}

	private Outcome deliver(ShardBatch batch, Progress progress, RecovererHandOff.ExpiredRecords expired,
			ListenerCalls calls) {
		FailingRecord failing = new FailingRecord();
		DueRecords due = new DueRecords(batch.size());
		while (!due.isDone()) {
			int from = due.from();
			int expiredUntil = this.ageLimit.expiredUntil(batch, from, due.end());
			if (expiredUntil > from) {
				int taken = this.handOff.takeExpired(batch, from, expiredUntil, failing.attemptsAt(from), expired);
				if (taken > from) {
					if (failing.isFailing(from)) {
						failing.reset();
					}
					progress.processed(taken - 1);
					due.doneUntil(taken);
				}
				if (taken < expiredUntil && !waitToRetry(progress, failing.recovererWait(taken, this.policy))) {
					return halted(batch, taken);
				}
				continue;
			}
			if (failing.isFailing(from) && skipRequested(batch, from)) {
				progress.processed(from);
				due.doneUntil(from + 1);
				failing.reset();
				continue;
			}
			int end = this.ageLimit.freshUntil(batch, from, due.end());
			ListenerCalls.ListenerInvocationException failure;
			long start = nanoTime();
			try {
				calls.invoke(batch, from, end, progress);
				this.observer.batchProcessed(this.shard, end - from, nanoTime() - start);
				failing.reset();
				due.doneUntil(end);
				continue;
			}
			catch (ListenerCalls.ListenerInvocationException ex) {
				failure = ex;
			}
			this.observer.listenerFailed(this.shard, Math.max(failure.failedIndex() - from, 0),
					Objects.requireNonNull(failure.getCause()), nanoTime() - start);
			from = failure.failedIndex();
			due.doneUntil(from);
			progress.failed();
			int attempts = failing.record(failure, this.policy);
			long wait = failing.nextWait();
			boolean exhausted = failure.isConversionFailure() || attempts >= this.policy.maxAttempts()
					|| wait == BackOffExecution.STOP;
			if (exhausted && this.policy.recoverer() != null) {
				int recoverEnd = failure.isSingleRecord() ? from + 1 : end;
				int recovered = this.handOff.recover(batch, from, recoverEnd, failure, attempts);
				if (recovered > from) {
					progress.processed(recovered - 1);
					due.doneUntil(recovered);
					from = recovered;
				}
				if (recovered == recoverEnd) {
					failing.reset();
					continue;
				}
			}
			else {
				logFailure(batch, failure, attempts, failing.waitOrLast(wait));
				this.observer.retrying(this.shard, attempts, failing.waitOrLast(wait));
				if (exhausted) {
					this.observer.recordBlocked(this.shard, batch.get(from).sequenceNumber(), attempts,
							Objects.requireNonNull(failure.getCause()));
				}
			}
			if (!waitToRetry(progress, failing.waitOrLast(wait))) {
				return halted(batch, from);
			}
		}
		return Outcome.completed(batch);
	}

	/**
	 * The time to report call durations with: none is read when no observer is there to
	 * be told.
	 */
	private long nanoTime() {
		return (this.observer != ListenerObserver.NONE) ? System.nanoTime() : 0;
	}

	/**
	 * Whether an operator asked to skip the blocked record at the index; if so, it is
	 * passed over as if a recoverer had taken it.
	 */
	private boolean skipRequested(ShardBatch batch, int index) {
		String sequenceNumber = batch.get(index).sequenceNumber();
		if (!this.lifecycle.isSkipRequested(this.shard, sequenceNumber)) {
			return false;
		}
		logger.warn(LogMessage.format(
				"Record of %s/%s at sequence number %s skipped by an operator: listener %s never processed it",
				batch.streamName(), batch.shardId(), sequenceNumber, this.invoker.endpoint().id()));
		this.observer.recordSkipped(this.shard, sequenceNumber);
		return true;
	}

	private boolean waitToRetry(Progress progress, long wait) {
		return !progress.leaseLost() && this.stopSignal.sleepUnlessStopped(wait);
	}

	private Outcome halted(ShardBatch batch, int from) {
		logger.warn(
				LogMessage.format("Stopping with %s/%s unprocessed from sequence number %s; it will be delivered again",
						batch.streamName(), batch.shardId(), batch.get(from).sequenceNumber()));
		return Outcome.halted(from);
	}

	private void logFailure(ShardBatch batch, ListenerCalls.ListenerInvocationException failure, int attempts,
			long wait) {
		String next = (this.policy.recoverer() != null)
				? "the recoverer takes it after " + this.policy.maxAttempts() + " attempts"
				: "no recoverer is configured (kinetic.listener.dead-letter.stream or a KinesisRecordRecoverer bean),"
						+ " so it is retried until it succeeds, expires or an operator skips it";
		Throwable cause = Objects.requireNonNull(failure.getCause());
		String sequenceNumber = batch.get(failure.failedIndex()).sequenceNumber();
		if (attempts > 1) {
			// the stack trace came with the first attempt: one line per attempt from then
			// on, as a blocked shard retries for as long as it takes
			logger.error(LogMessage.format(
					"Listener %s failed again on %s/%s at sequence number %s (attempt %d): %s: %s; retrying in %d ms",
					this.invoker.endpoint().id(), batch.streamName(), batch.shardId(), sequenceNumber, attempts,
					cause.getClass().getName(), cause.getMessage(), wait));
			return;
		}
		logger.error(LogMessage.format(
				"Listener %s failed on %s/%s at sequence number %s (attempt %d, %d record(s) of the batch left);"
						+ " retrying in %d ms, nothing from this record on is checkpointed; %s",
				this.invoker.endpoint().id(), batch.streamName(), batch.shardId(), sequenceNumber, attempts,
				batch.size() - failure.failedIndex(), wait, next), cause);
	}

	/**
	 * What a delivery reports while it goes, by index into the batch.
	 */
	interface Progress extends ListenerCalls.Progress {

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
	 * The records of the batch still due: from {@link #from()} to {@link #end()}.
	 */
	private static final class DueRecords {

		private int from;

		private final int end;

		DueRecords(int size) {
			this.end = size;
		}

		boolean isDone() {
			return this.from >= this.end;
		}

		int from() {
			return this.from;
		}

		int end() {
			return this.end;
		}

		/**
		 * Every record before the index is processed or recovered.
		 */
		void doneUntil(int index) {
			this.from = index;
		}

	}

}
