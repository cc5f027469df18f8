package io.github.kinetic.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.kinetic.listener.RecordExpiredException;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The maximum age of the records a listener is given, by their approximate arrival
 * timestamp, read against the clock each time records are due for delivery. A record
 * without an arrival timestamp never expires.
 */
final class RecordAgeLimit {

	static final RecordAgeLimit NONE = new RecordAgeLimit(null, Clock.systemUTC());

	private final @Nullable Duration maxAge;

	private final Clock clock;

	RecordAgeLimit(@Nullable Duration maxAge, Clock clock) {
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * Return the end of the run of expired records that starts at {@code from}.
	 * @param batch the batch
	 * @param from the first record due
	 * @param end the end of the records due, exclusive
	 * @return the index of the first record from {@code from} on that has not expired, or
	 * {@code end}; {@code from} when the record there has not expired
	 */
	int expiredUntil(ShardBatch batch, int from, int end) {
		Instant oldest = oldestAllowed();
		if (oldest == null) {
			return from;
		}
		int index = from;
		while (index < end && isOlder(batch.get(index), oldest)) {
			index++;
		}
		return index;
	}

	/**
	 * Return the end of the run of records that have not expired that starts at
	 * {@code from}, so that a delivery stops before the next expired record.
	 * @param batch the batch
	 * @param from the first record due
	 * @param end the end of the records due, exclusive
	 * @return the index of the first expired record from {@code from} on, or {@code end}
	 */
	int freshUntil(ShardBatch batch, int from, int end) {
		Instant oldest = oldestAllowed();
		if (oldest == null) {
			return end;
		}
		int index = from;
		while (index < end && !isOlder(batch.get(index), oldest)) {
			index++;
		}
		return index;
	}

	/**
	 * Return why the record was not delivered.
	 * @param record an expired record
	 * @return the cause to hand the recoverer
	 */
	RecordExpiredException expired(KinesisClientRecord record) {
		Duration age = this.maxAge;
		Instant arrival = record.approximateArrivalTimestamp();
		if (age == null || arrival == null) {
			throw new IllegalStateException("Record " + record.sequenceNumber() + " cannot have expired");
		}
		return new RecordExpiredException(arrival, age);
	}

	@Nullable Duration maxAge() {
		return this.maxAge;
	}

	private @Nullable Instant oldestAllowed() {
		Duration age = this.maxAge;
		return (age != null) ? this.clock.instant().minus(age) : null;
	}

	private static boolean isOlder(KinesisClientRecord record, Instant oldest) {
		Instant arrival = record.approximateArrivalTimestamp();
		return arrival != null && arrival.isBefore(oldest);
	}

}
