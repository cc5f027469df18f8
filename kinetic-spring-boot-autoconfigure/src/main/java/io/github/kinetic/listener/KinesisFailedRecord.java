package io.github.kinetic.listener;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * A record a listener could not process, as handed to a {@link KinesisRecordRecoverer}.
 *
 * @param listenerId the id of the listener that failed
 * @param streamName the stream the record was read from
 * @param shardId the shard the record was read from
 * @param record the record, with its original data
 * @param cause the listener's exception, the {@link PayloadConversionException} when the
 * record could not be converted to the listener's parameter type, or the
 * {@link RecordExpiredException} when it was older than the listener's maximum record age
 * @param attempts how many times the record was delivered; {@code 1} for a record that
 * could not be converted, as conversion is not retried; for an expired record, the
 * deliveries before it expired, possibly {@code 0}
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisFailedRecord(String listenerId, String streamName, String shardId, KinesisClientRecord record,
		Throwable cause, int attempts) {

	/**
	 * Whether the record failed because its data could not be converted, rather than
	 * because the listener threw.
	 * @return whether it is a conversion failure
	 */
	public boolean isConversionFailure() {
		return this.cause instanceof PayloadConversionException;
	}

	/**
	 * Whether the record was not given to the listener because it was older than the
	 * listener's maximum record age; {@link #reason()} is then {@code "expired"}.
	 * @return whether the record expired
	 */
	public boolean isExpired() {
		return this.cause instanceof RecordExpiredException;
	}

	/**
	 * Return why the record is handed to the recoverer, in a word: {@code "expired"},
	 * {@code "conversion-failed"} or {@code "listener-failed"}.
	 * @return the reason
	 */
	public String reason() {
		if (isExpired()) {
			return "expired";
		}
		return isConversionFailure() ? "conversion-failed" : "listener-failed";
	}

}
