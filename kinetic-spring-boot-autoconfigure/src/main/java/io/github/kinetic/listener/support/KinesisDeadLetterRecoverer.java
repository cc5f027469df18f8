package io.github.kinetic.listener.support;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletionException;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.PayloadConversionException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import org.springframework.util.StringUtils;

/**
 * Publishes records a listener keeps failing on to a dead-letter Kinesis stream, as a
 * JSON envelope that carries the original data and where and why it failed. Configured by
 * {@code kinetic.listener.dead-letter.stream}.
 * <p>
 * The dead-letter record has the original partition key, so records of one key stay in
 * order, and its data is a UTF-8 JSON object with these fields:
 * <ul>
 * <li>{@code version}: the envelope format, {@code 1};</li>
 * <li>{@code listenerId}: the id of the listener that failed;</li>
 * <li>{@code sourceStream}, {@code shardId}: where the record was read;</li>
 * <li>{@code sequenceNumber}, {@code subSequenceNumber} (a number, {@code 0} unless the
 * record was aggregated by the KPL), {@code partitionKey}: the record's identity;</li>
 * <li>{@code approximateArrivalTimestamp}: when Kinesis received the record, ISO-8601, or
 * {@code null};</li>
 * <li>{@code exceptionClass}, {@code exceptionMessage} (or {@code null}): the listener's
 * exception, or {@code PayloadConversionException} when the data could not be
 * converted;</li>
 * <li>{@code conversionFailure}: {@code true} when the data could not be converted to the
 * listener's parameter type (such records are not retried);</li>
 * <li>{@code attempts}: how many times the record was delivered;</li>
 * <li>{@code failedAt}: when it was dead-lettered, ISO-8601;</li>
 * <li>{@code data}: the original record data, Base64-encoded.</li>
 * </ul>
 * If the publication fails (the stream does not exist, or the envelope is larger than a
 * Kinesis record may be), the recoverer throws and the record is not skipped: delivery is
 * retried after the back-off.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisDeadLetterRecoverer implements KinesisRecordRecoverer {

	private final KinesisAsyncClient kinesis;

	private final String streamName;

	private final Clock clock;

	/**
	 * Create a recoverer.
	 * @param kinesis the client to publish with
	 * @param streamName the dead-letter stream
	 */
	public KinesisDeadLetterRecoverer(KinesisAsyncClient kinesis, String streamName) {
		this(kinesis, streamName, Clock.systemUTC());
	}

	KinesisDeadLetterRecoverer(KinesisAsyncClient kinesis, String streamName, Clock clock) {
		this.kinesis = kinesis;
		this.streamName = streamName;
		this.clock = clock;
	}

	/**
	 * Return the dead-letter stream.
	 * @return the stream name
	 */
	public String getStreamName() {
		return this.streamName;
	}

	@Override
	public void recover(KinesisFailedRecord failed) {
		String envelope = DeadLetterEnvelope.toJson(failed, this.clock.instant());
		String partitionKey = StringUtils.hasLength(failed.record().partitionKey()) ? failed.record().partitionKey()
				: failed.shardId();
		try {
			this.kinesis
				.putRecord((request) -> request.streamName(this.streamName)
					.partitionKey(partitionKey)
					.data(SdkBytes.fromString(envelope, StandardCharsets.UTF_8)))
				.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Could not publish record " + failed.record().sequenceNumber()
					+ " to dead-letter stream '" + this.streamName + "'", ex.getCause());
		}
	}

}
