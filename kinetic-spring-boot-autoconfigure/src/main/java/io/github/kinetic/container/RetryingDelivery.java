package io.github.kinetic.container;

import java.time.Clock;
import java.util.Objects;

import io.github.kinetic.lifecycle.BlockedShards;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.RecordExpiredException;
import io.github.kinetic.settings.FailurePolicy;
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

	private static final long MIN_WAIT_AFTER_BACK_OFF_STOPS = 1000;

	private final ListenerMethodInvoker invoker;

	private final FailurePolicy policy;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private final ListenerShard shard;

	private final RecordAgeLimit ageLimit;

	private final BlockedShards blockedShards;

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard) {
		this(invoker, policy, stopSignal, observer, shard, new BlockedShards());
	}

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard, BlockedShards blockedShards) {
		this(invoker, policy, stopSignal, observer, shard, Clock.systemUTC(), blockedShards);
	}

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard, Clock clock) {
		this(invoker, policy, stopSignal, observer, shard, clock, new BlockedShards());
	}

	RetryingDelivery(ListenerMethodInvoker invoker, FailurePolicy policy, ContainerStopSignal stopSignal,
			ListenerObserver observer, ListenerShard shard, Clock clock, BlockedShards blockedShards) {
		this.blockedShards = blockedShards;
		this.invoker = invoker;
		this.policy = policy;
		this.stopSignal = stopSignal;
		this.observer = observer;
		this.shard = shard;
		this.ageLimit = new RecordAgeLimit(policy.maxRecordAge(), clock);
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
		ExpiredRecords expired = new ExpiredRecords(batch);
		ListenerCalls calls = this.policy.bisectOnFailure() ? new BisectingCalls(this.invoker) : this.invoker;
		try {
			return deliver(batch, progress, expired, calls);
		}
		finally {
			expired.report();
		}
	}

	private Outcome deliver(ShardBatch batch, Progress progress, ExpiredRecords expired, ListenerCalls calls) {
		Failures failures = new Failures();
		DueRecords due = new DueRecords(batch.size());
		while (!due.isDone()) {
			int from = due.from();
			int expiredUntil = this.ageLimit.expiredUntil(batch, from, due.end());
			if (expiredUntil > from) {
				int taken = takeExpired(batch, from, expiredUntil, failures.attemptsAt(from), expired);
				if (taken > from) {
					if (failures.isFailing(from)) {
						failures.reset();
					}
					progress.processed(taken - 1);
					due.doneUntil(taken);
				}
				if (taken < expiredUntil && !waitToRetry(progress, failures.recovererWait(taken, this.policy))) {
					return halted(batch, taken);
				}
				continue;
			}
			if (failures.isFailing(from) && skipRequested(batch, from)) {
				progress.processed(from);
				due.doneUntil(from + 1);
				failures.reset();
				continue;
			}
			int end = this.ageLimit.freshUntil(batch, from, due.end());
			ListenerCalls.ListenerInvocationException failure;
			long start = System.nanoTime();
			try {
				calls.invoke(batch, from, end, progress);
				this.observer.batchProcessed(this.shard, end - from, System.nanoTime() - start);
				failures.reset();
				due.doneUntil(end);
				continue;
			}
			catch (ListenerCalls.ListenerInvocationException ex) {
				failure = ex;
			}
			this.observer.listenerFailed(this.shard, Math.max(failure.failedIndex() - from, 0),
					Objects.requireNonNull(failure.getCause()), System.nanoTime() - start);
			from = failure.failedIndex();
			due.doneUntil(from);
			progress.failed();
			int attempts = failures.record(failure, this.policy);
			long wait = failures.nextWait();
			boolean exhausted = failure.isConversionFailure() || attempts >= this.policy.maxAttempts()
					|| wait == BackOffExecution.STOP;
			if (exhausted && this.policy.recoverer() != null) {
				int recoverEnd = failure.isSingleRecord() ? from + 1 : end;
				int recovered = recover(this.policy.recoverer(), batch, from, recoverEnd, failure, attempts);
				if (recovered > from) {
					progress.processed(recovered - 1);
					due.doneUntil(recovered);
					from = recovered;
				}
				if (recovered == recoverEnd) {
					failures.reset();
					continue;
				}
			}
			else {
				logFailure(batch, failure, attempts, failures.waitOrLast(wait));
				this.observer.retrying(this.shard, attempts, failures.waitOrLast(wait));
				if (exhausted) {
					this.observer.recordBlocked(this.shard, batch.get(from).sequenceNumber(), attempts,
							Objects.requireNonNull(failure.getCause()));
				}
			}
			if (!waitToRetry(progress, failures.waitOrLast(wait))) {
				return halted(batch, from);
			}
		}
		return Outcome.completed(batch);
	}

	/**
	 * Whether an operator asked to skip the blocked record at the index; if so, it is
	 * passed over as if a recoverer had taken it.
	 */
	private boolean skipRequested(ShardBatch batch, int index) {
		String sequenceNumber = batch.get(index).sequenceNumber();
		if (!this.blockedShards.isSkipRequested(this.shard, sequenceNumber)) {
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

	/**
	 * Hand the expired records to the recoverer or, without one, skip them.
	 * @return the index of the first record not taken: {@code end}, unless the recoverer
	 * failed on the record there
	 */
	private int takeExpired(ShardBatch batch, int from, int end, int attempts, ExpiredRecords expired) {
		KinesisRecordRecoverer recoverer = this.policy.recoverer();
		if (recoverer == null) {
			expired.skipped(from, end);
			this.observer.recordsExpired(this.shard, end - from);
			return end;
		}
		int index = from;
		try {
			for (; index < end; index++) {
				KinesisClientRecord record = batch.get(index);
				RecordExpiredException cause = this.ageLimit.expired(record);
				KinesisFailedRecord failed = new KinesisFailedRecord(this.invoker.endpoint().id(), batch.streamName(),
						batch.shardId(), record, cause, (index == from) ? attempts : 0);
				try {
					recoverer.recover(failed);
				}
				catch (Throwable ex) {
					logger.error(LogMessage.format(
							"Recoverer could not take the expired record of %s/%s at sequence number %s;"
									+ " trying again after the back-off",
							batch.streamName(), batch.shardId(), record.sequenceNumber()), ex);
					return index;
				}
				this.observer.deadLettered(this.shard, 1, cause);
				expired.recovered(index);
			}
			return end;
		}
		finally {
			if (index > from) {
				this.observer.recordsExpired(this.shard, index - from);
			}
		}
	}

	private int recover(KinesisRecordRecoverer recoverer, ShardBatch batch, int from, int end,
			ListenerCalls.ListenerInvocationException failure, int attempts) {
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

		int record(ListenerCalls.ListenerInvocationException failure, FailurePolicy policy) {
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

		/**
		 * Whether the record at the index is the one failing.
		 */
		boolean isFailing(int index) {
			return this.failedIndex == index && this.backOff != null;
		}

		int attemptsAt(int index) {
			return isFailing(index) ? this.attempts : 0;
		}

		/**
		 * The wait before the recoverer is asked again to take the record at the index.
		 */
		long recovererWait(int index, FailurePolicy policy) {
			if (!isFailing(index)) {
				this.failedIndex = index;
				this.attempts = 0;
				this.backOff = policy.backOff().start();
			}
			return waitOrLast(nextWait());
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

	/**
	 * The records of one batch that expired, reported in one line when the batch is done
	 * with: never one line per record, as a backlog can expire by the thousand.
	 */
	private final class ExpiredRecords {

		private final ShardBatch batch;

		private int count;

		private int first = -1;

		private int last = -1;

		private boolean recovered;

		ExpiredRecords(ShardBatch batch) {
			this.batch = batch;
		}

		void skipped(int from, int end) {
			add(from, end);
		}

		void recovered(int index) {
			add(index, index + 1);
			this.recovered = true;
		}

		private void add(int from, int end) {
			if (this.first < 0) {
				this.first = from;
			}
			this.last = end - 1;
			this.count += end - from;
		}

		void report() {
			if (this.count == 0) {
				return;
			}
			logger.warn(LogMessage.format(
					"%d record(s) of %s/%s from sequence number %s to %s were older than the maximum record age of %s"
							+ " when due for listener %s; %s",
					this.count, this.batch.streamName(), this.batch.shardId(),
					this.batch.get(this.first).sequenceNumber(), this.batch.get(this.last).sequenceNumber(),
					RetryingDelivery.this.ageLimit.maxAge(), RetryingDelivery.this.invoker.endpoint().id(),
					this.recovered ? "the recoverer took them" : "they were skipped, as no recoverer is configured"));
		}

	}

}
