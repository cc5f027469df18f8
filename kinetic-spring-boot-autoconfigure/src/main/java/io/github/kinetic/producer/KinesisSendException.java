package io.github.kinetic.producer;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when records could not be put on a stream, after the attempts
 * {@link KinesisTemplate} makes. Names the stream and every record still unsent, with the
 * error Kinesis gave for it; the records sent before are in {@link #getSent()}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisSendException extends RuntimeException {

	private final String streamName;

	private final List<FailedRecord> failed;

	private final List<KinesisSendResult> sent;

	KinesisSendException(String streamName, List<FailedRecord> failed, List<KinesisSendResult> sent, int attempts,
			@Nullable Throwable cause) {
		super(message(streamName, failed, attempts, cause), cause);
		this.streamName = streamName;
		this.failed = List.copyOf(failed);
		this.sent = List.copyOf(sent);
	}

	private static String message(String streamName, List<FailedRecord> failed, int attempts,
			@Nullable Throwable cause) {
		String records = failed.stream()
			.limit(10)
			.map((record) -> "#" + record.index() + " (partition key '" + record.partitionKey() + "'"
					+ ((record.errorCode() != null) ? ", " + record.errorCode() + ": " + record.errorMessage() : "")
					+ ")")
			.collect(Collectors.joining(", "));
		String more = (failed.size() > 10) ? " and " + (failed.size() - 10) + " more" : "";
		String why = (cause != null) ? ": " + cause : "";
		return failed.size() + " record(s) could not be put on stream '" + streamName + "' after " + attempts
				+ " attempt(s): " + records + more + why;
	}

	/**
	 * Return the stream the records were for.
	 * @return the stream name
	 */
	public String getStreamName() {
		return this.streamName;
	}

	/**
	 * Return the records that were not put, in the order they were given.
	 * @return the unsent records
	 */
	public List<FailedRecord> getFailed() {
		return this.failed;
	}

	/**
	 * Return the records that were put before the failure.
	 * @return the sent records
	 */
	public List<KinesisSendResult> getSent() {
		return this.sent;
	}

	/**
	 * A record Kinesis did not take.
	 *
	 * @param index its position in the records given to the template
	 * @param partitionKey its partition key
	 * @param errorCode the last error code Kinesis gave, or {@code null} when the whole
	 * call failed
	 * @param errorMessage the last error message, or {@code null}
	 */
	public record FailedRecord(int index, String partitionKey, @Nullable String errorCode,
			@Nullable String errorMessage) {

	}

}
