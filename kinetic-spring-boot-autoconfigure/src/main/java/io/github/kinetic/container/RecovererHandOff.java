package io.github.kinetic.container;

import java.util.Objects;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.RecordExpiredException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Hands the records a {@link RetryingDelivery} gives up on to the listener's recoverer:
 * the records that failed their attempts, and the records past the maximum record age,
 * which are skipped instead when there is no recoverer. Stops at the first record the
 * recoverer fails to take, so that the delivery tries it again after the back-off.
 */
final class RecovererHandOff {

	// the category of the delivery these lines belong to, as users configure it
	private static final Log logger = LogFactory.getLog(RetryingDelivery.class);

	private final String listenerId;

	private final @Nullable KinesisRecordRecoverer recoverer;

	private final RecordAgeLimit ageLimit;

	private final ListenerObserver observer;

	private final ListenerShard shard;

	RecovererHandOff(String listenerId, @Nullable KinesisRecordRecoverer recoverer, RecordAgeLimit ageLimit,
			ListenerObserver observer, ListenerShard shard) {
		this.listenerId = listenerId;
		this.recoverer = recoverer;
		this.ageLimit = ageLimit;
		this.observer = observer;
		this.shard = shard;
	}

	/**
	 * Hand the expired records to the recoverer or, without one, skip them.
	 * @return the index of the first record not taken: {@code end}, unless the recoverer
	 * failed on the record there
	 */
	int takeExpired(ShardBatch batch, int from, int end, int attempts, ExpiredRecords expired) {
		KinesisRecordRecoverer taker = this.recoverer;
		if (taker == null) {
			expired.skipped(from, end);
			this.observer.recordsExpired(this.shard, end - from);
			return end;
		}
		int index = from;
		try {
			for (; index < end; index++) {
				KinesisClientRecord record = batch.get(index);
				RecordExpiredException cause = this.ageLimit.expired(record);
				KinesisFailedRecord failed = new KinesisFailedRecord(this.listenerId, batch.streamName(),
						batch.shardId(), record, cause, (index == from) ? attempts : 0);
				try {
					taker.recover(failed);
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

	/**
	 * Hand the records the listener failed on to the recoverer, which must be there.
	 * @return the index of the first record not taken: {@code end}, unless the recoverer
	 * failed on the record there
	 */
	int recover(ShardBatch batch, int from, int end, ListenerCalls.ListenerInvocationException failure, int attempts) {
		KinesisRecordRecoverer taker = Objects.requireNonNull(this.recoverer);
		Throwable cause = Objects.requireNonNull(failure.getCause());
		for (int i = from; i < end; i++) {
			KinesisClientRecord record = batch.get(i);
			KinesisFailedRecord failed = new KinesisFailedRecord(this.listenerId, batch.streamName(), batch.shardId(),
					record, cause, attempts);
			try {
				taker.recover(failed);
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

	/**
	 * Start collecting the records of the batch that expire.
	 */
	ExpiredRecords expiredRecords(ShardBatch batch) {
		return new ExpiredRecords(batch);
	}

	/**
	 * The records of one batch that expired, reported in one line when the batch is done
	 * with: never one line per record, as a backlog can expire by the thousand.
	 */
	final class ExpiredRecords {

		private final ShardBatch batch;

		private int count;

		private int first = -1;

		private int last = -1;

		private boolean recovered;

		private ExpiredRecords(ShardBatch batch) {
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
					RecovererHandOff.this.ageLimit.maxAge(), RecovererHandOff.this.listenerId,
					this.recovered ? "the recoverer took them" : "they were skipped, as no recoverer is configured"));
		}

	}

}
