package io.github.kinetic.producer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import org.springframework.util.Assert;

/**
 * Puts records on Kinesis streams and waits until Kinesis has them.
 * <p>
 * Payloads that are {@code byte[]}, {@code ByteBuffer} or {@code String} (as UTF-8) are
 * sent as they are; any other object goes through the {@link KinesisPayloadWriter} (JSON
 * with the application's mapper when auto-configured). {@link #sendAll} splits the
 * records into PutRecords calls of at most 500 records and 5 MiB, and sends again, after
 * a back-off, the entries a call refused (throttled or failed inside Kinesis) until they
 * are put or the attempts are spent; then it throws a {@link KinesisSendException} that
 * names the stream and the records still refused. A call that fails as a whole (the
 * stream does not exist, the network) has already been retried by the AWS SDK and is
 * thrown at once.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisTemplate {

	private final KinesisAsyncClient kinesis;

	private final @Nullable KinesisPayloadWriter payloadWriter;

	private int maxAttempts = 4;

	private Duration initialBackOff = Duration.ofMillis(100);

	private Duration maxBackOff = Duration.ofSeconds(2);

	/**
	 * Create a template.
	 * @param kinesis the client to put records with
	 * @param payloadWriter writes payloads that are not bytes or text, or {@code null} to
	 * accept bytes and text only
	 */
	public KinesisTemplate(KinesisAsyncClient kinesis, @Nullable KinesisPayloadWriter payloadWriter) {
		this.kinesis = kinesis;
		this.payloadWriter = payloadWriter;
	}

	/**
	 * Set how many times a refused record is sent, counting the first (default 4).
	 * @param maxAttempts the attempts, at least 1
	 */
	public void setMaxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 1, "maxAttempts counts the first send, so it must be at least 1");
		this.maxAttempts = maxAttempts;
	}

	/**
	 * Set the pause before the second attempt (default 100 ms); it doubles for each
	 * further attempt up to {@code max} (default 2 s).
	 * @param initial the first pause
	 * @param max the longest pause
	 */
	public void setBackOff(Duration initial, Duration max) {
		this.initialBackOff = initial;
		this.maxBackOff = max;
	}

	/**
	 * Put one record on a stream.
	 * @param streamName the stream
	 * @param partitionKey the partition key
	 * @param payload the payload
	 * @return where Kinesis put it
	 * @throws KinesisSendException if Kinesis did not take it
	 */
	public KinesisSendResult send(String streamName, String partitionKey, Object payload) {
		return sendAll(streamName, List.of(new KinesisProducerRecord(partitionKey, payload))).get(0);
	}

	/**
	 * Put records on a stream, in as few PutRecords calls as Kinesis allows.
	 * @param streamName the stream
	 * @param records the records
	 * @return where Kinesis put each record, in the order given
	 * @throws KinesisSendException if Kinesis did not take all of them
	 */
	public List<KinesisSendResult> sendAll(String streamName, List<KinesisProducerRecord> records) {
		Assert.hasLength(streamName, "A stream name is required");
		List<PutRecordsRequestEntry> entries = entries(streamName, records);
		@Nullable KinesisSendResult[] results = new KinesisSendResult[entries.size()];
		@Nullable PutRecordsResultEntry[] lastErrors = new PutRecordsResultEntry[entries.size()];
		List<Integer> pending = IntStream.range(0, entries.size()).boxed().toList();
		Duration backOff = this.initialBackOff;
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			if (attempt > 1) {
				pause(backOff);
				backOff = min(backOff.multipliedBy(2), this.maxBackOff);
			}
			List<Integer> refused = new ArrayList<>();
			for (List<Integer> chunk : PutRecordsChunks.split(entries, pending)) {
				PutRecordsResponse response;
				try {
					response = put(streamName, entries, chunk);
				}
				catch (RuntimeException ex) {
					List<Integer> unsent = new ArrayList<>(refused);
					unsent.addAll(pending.subList(pending.indexOf(chunk.get(0)), pending.size()));
					throw failure(streamName, records, unsent, lastErrors, results, attempt, ex);
				}
				for (int i = 0; i < chunk.size(); i++) {
					PutRecordsResultEntry entry = response.records().get(i);
					int index = chunk.get(i);
					if (entry.errorCode() != null) {
						lastErrors[index] = entry;
						refused.add(index);
					}
					else {
						results[index] = new KinesisSendResult(streamName, records.get(index).partitionKey(),
								entry.shardId(), entry.sequenceNumber());
					}
				}
			}
			if (!refused.isEmpty() && attempt >= this.maxAttempts) {
				throw failure(streamName, records, refused, lastErrors, results, attempt, null);
			}
			pending = refused;
		}
		List<KinesisSendResult> sent = new ArrayList<>(results.length);
		for (KinesisSendResult result : results) {
			sent.add(result);
		}
		return sent;
	}

	private PutRecordsResponse put(String streamName, List<PutRecordsRequestEntry> entries, List<Integer> chunk) {
		List<PutRecordsRequestEntry> request = chunk.stream().map(entries::get).toList();
		try {
			return this.kinesis.putRecords((builder) -> builder.streamName(streamName).records(request)).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private List<PutRecordsRequestEntry> entries(String streamName, List<KinesisProducerRecord> records) {
		List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			KinesisProducerRecord record = records.get(i);
			PutRecordsRequestEntry entry = PutRecordsRequestEntry.builder()
				.partitionKey(record.partitionKey())
				.data(SdkBytes.fromByteArrayUnsafe(data(streamName, i, record)))
				.build();
			int size = PutRecordsChunks.size(entry);
			if (size > PutRecordsChunks.MAX_RECORD_BYTES) {
				// Kinesis would refuse the whole call, and the records around it with it
				throw new IllegalArgumentException("Record #" + i + " (partition key '" + record.partitionKey()
						+ "') for stream '" + streamName + "' is " + size
						+ " bytes with its partition key; a Kinesis record takes at most 1 MiB");
			}
			entries.add(entry);
		}
		return entries;
	}

	private byte[] data(String streamName, int index, KinesisProducerRecord record) {
		Object payload = record.payload();
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		if (payload instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			return bytes;
		}
		if (this.payloadWriter == null) {
			throw new IllegalArgumentException(
					"Record #" + index + " for stream '" + streamName + "' has a " + payload.getClass().getName()
							+ " payload, and without a JSON mapper only byte[], ByteBuffer and String can be sent");
		}
		try {
			return this.payloadWriter.write(payload);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Cannot write record #" + index + " (partition key '"
					+ record.partitionKey() + "') for stream '" + streamName + "': " + ex.getMessage(), ex);
		}
	}

	private static KinesisSendException failure(String streamName, List<KinesisProducerRecord> records,
			List<Integer> unsent, @Nullable PutRecordsResultEntry[] lastErrors, @Nullable KinesisSendResult[] results,
			int attempts, @Nullable Throwable cause) {
		List<KinesisSendException.FailedRecord> failed = unsent.stream().sorted().map((index) -> {
			PutRecordsResultEntry error = lastErrors[index];
			return new KinesisSendException.FailedRecord(index, records.get(index).partitionKey(),
					(error != null) ? error.errorCode() : null, (error != null) ? error.errorMessage() : null);
		}).toList();
		List<KinesisSendResult> sent = new ArrayList<>();
		for (KinesisSendResult result : results) {
			if (result != null) {
				sent.add(result);
			}
		}
		return new KinesisSendException(streamName, failed, sent, attempts, cause);
	}

	private static void pause(Duration backOff) {
		try {
			Thread.sleep(backOff.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while backing off before sending records again", ex);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
