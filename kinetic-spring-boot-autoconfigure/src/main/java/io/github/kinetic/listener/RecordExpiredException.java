package io.github.kinetic.listener;

import java.time.Duration;
import java.time.Instant;

/**
 * Why a record was not given to its listener: it was older than the listener's maximum
 * record age ({@code kinetic.listener.max-record-age} or the {@code maxRecordAge}
 * attribute of {@code @KinesisListener}) when it was due for delivery or for a retry. It
 * is the {@link KinesisFailedRecord#cause() cause} of such a record handed to a
 * {@link KinesisRecordRecoverer}; nothing throws it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class RecordExpiredException extends RuntimeException {

	private final Instant arrival;

	private final Duration maxRecordAge;

	/**
	 * Create an exception.
	 * @param arrival the approximate arrival timestamp of the record
	 * @param maxRecordAge the age the record passed
	 */
	public RecordExpiredException(Instant arrival, Duration maxRecordAge) {
		super("expired: arrived at " + arrival + ", more than " + maxRecordAge + " ago", null, false, false);
		this.arrival = arrival;
		this.maxRecordAge = maxRecordAge;
	}

	/**
	 * Return the approximate arrival timestamp of the record.
	 * @return when the record arrived in the stream
	 */
	public Instant getArrival() {
		return this.arrival;
	}

	/**
	 * Return the maximum record age the record passed.
	 * @return the maximum record age
	 */
	public Duration getMaxRecordAge() {
		return this.maxRecordAge;
	}

}
