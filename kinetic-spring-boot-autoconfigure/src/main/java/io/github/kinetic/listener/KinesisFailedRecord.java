package io.github.kinetic.listener;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * A record a listener could not process, as handed to a {@link KinesisRecordRecoverer}.
 *
 * @param listenerId the id of the listener that failed
 * @param streamName the stream the record was read from
 * @param shardId the shard the record was read from
 * @param record the record, with its original data
 * @param cause the listener's exception, or the {@link PayloadConversionException} when
 * the record could not be converted to the listener's parameter type
 * @param attempts how many times the record was delivered; {@code 1} for a record that
 * could not be converted, as conversion is not retried
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

}
