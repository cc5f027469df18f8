package io.github.kinetic.listener.support;

import java.time.Clock;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.producer.KinesisTemplate;
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
 * exception, {@code PayloadConversionException} when the data could not be converted, or
 * {@code RecordExpiredException} when the record was older than the maximum record
 * age;</li>
 * <li>{@code conversionFailure}: {@code true} when the data could not be converted to the
 * listener's parameter type (such records are not retried);</li>
 * <li>{@code reason}: {@code listener-failed}, {@code conversion-failed} or
 * {@code expired};</li>
 * <li>{@code attempts}: how many times the record was delivered;</li>
 * <li>{@code failedAt}: when it was dead-lettered, ISO-8601;</li>
 * <li>{@code data}: the original record data, Base64-encoded.</li>
 * </ul>
 * If the publication fails (the stream does not exist, or the envelope is larger than a
 * Kinesis record may be, or Kinesis keeps refusing it after the template's attempts), the
 * recoverer throws and the record is not skipped: delivery is retried after the back-off.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisDeadLetterRecoverer implements KinesisRecordRecoverer {

	private final KinesisTemplate template;

	private final String streamName;

	private final Clock clock;

	/**
	 * Create a recoverer.
	 * @param kinesis the client to publish with
	 * @param streamName the dead-letter stream
	 */
	public KinesisDeadLetterRecoverer(KinesisAsyncClient kinesis, String streamName) {
		this(new KinesisTemplate(kinesis, null), streamName);
	}

	/**
	 * Create a recoverer that publishes with a template, and so with its retries.
	 * @param template the template to publish with
	 * @param streamName the dead-letter stream
	 */
	public KinesisDeadLetterRecoverer(KinesisTemplate template, String streamName) {
		this(template, streamName, Clock.systemUTC());
	}

	KinesisDeadLetterRecoverer(KinesisTemplate template, String streamName, Clock clock) {
		this.template = template;
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
			this.template.send(this.streamName, partitionKey, envelope);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not publish record " + failed.record().sequenceNumber()
					+ " to dead-letter stream '" + this.streamName + "'", ex);
		}
	}

}
