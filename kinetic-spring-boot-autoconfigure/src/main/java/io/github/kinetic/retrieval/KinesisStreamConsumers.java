package io.github.kinetic.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import org.springframework.core.log.LogMessage;

/**
 * Looks up and deregisters the application's enhanced fan-out stream consumers: the
 * consumer named {@code kinetic.retrieval.consumer-name} on each stream.
 * <p>
 * KCL registers the consumer when it is missing and reuses it on every restart, but never
 * deregisters it; a registered consumer is billed until it is deregistered. Deregistering
 * is refused while this worker reads the stream by fan-out; stop the listener container
 * first.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisStreamConsumers {

	private static final Log logger = LogFactory.getLog(KinesisStreamConsumers.class);

	private final KinesisAsyncClient kinesis;

	private final ConsumerSettings settings;

	private final Predicate<String> consumedByThisWorker;

	/**
	 * Create an instance.
	 * @param kinesis the Kinesis client
	 * @param settings the consumer settings, naming the consumer and the streams
	 * @param consumedByThisWorker whether this worker consumes the named stream now
	 */
	public KinesisStreamConsumers(KinesisAsyncClient kinesis, ConsumerSettings settings,
			Predicate<String> consumedByThisWorker) {
		this.kinesis = kinesis;
		this.settings = settings;
		this.consumedByThisWorker = consumedByThisWorker;
	}

	/**
	 * Return the name of the application's stream consumer.
	 * @return the consumer name
	 */
	public String getConsumerName() {
		return this.settings.reading().consumerName();
	}

	/**
	 * Describe the application's consumer of a stream.
	 * @param stream the stream name
	 * @return the consumer, or {@code null} when none is registered under the name
	 */
	public @Nullable ConsumerDescription describe(String stream) {
		String streamArn = streamArn(stream);
		try {
			return call(this.kinesis
				.describeStreamConsumer((request) -> request.streamARN(streamArn).consumerName(getConsumerName())))
				.consumerDescription();
		}
		catch (ResourceNotFoundException ex) {
			return null;
		}
	}

	/**
	 * Deregister the application's consumer of a stream. Kinesis removes it within
	 * seconds; until then it is listed as {@code DELETING}.
	 * @param stream the stream name
	 * @return whether a consumer was registered and is now deregistered
	 * @throws IllegalStateException if this worker reads the stream by fan-out now
	 */
	public boolean deregister(String stream) {
		refuseWhileSubscribed(stream);
		String streamArn = streamArn(stream);
		try {
			call(this.kinesis
				.deregisterStreamConsumer((request) -> request.streamARN(streamArn).consumerName(getConsumerName())));
		}
		catch (ResourceNotFoundException ex) {
			return false;
		}
		logger.info(LogMessage.format("Deregistered stream consumer %s of stream %s", getConsumerName(), stream));
		return true;
	}

	/**
	 * Deregister the application's consumer of every configured stream.
	 * @return the streams whose consumer was deregistered
	 * @throws IllegalStateException if this worker reads any of the streams by fan-out
	 * now; then no consumer is deregistered
	 */
	public List<String> deregisterAll() {
		this.settings.streamNames().forEach(this::refuseWhileSubscribed);
		List<String> deregistered = new ArrayList<>();
		for (String stream : this.settings.streamNames()) {
			if (deregister(stream)) {
				deregistered.add(stream);
			}
		}
		return deregistered;
	}

	private void refuseWhileSubscribed(String stream) {
		if (this.settings.reading().mode() == RetrievalMode.FAN_OUT && this.consumedByThisWorker.test(stream)) {
			throw new IllegalStateException("Cannot deregister stream consumer " + getConsumerName() + " of stream '"
					+ stream + "' while this worker reads it by fan-out: stop its listener container first");
		}
	}

	private String streamArn(String stream) {
		return call(this.kinesis.describeStreamSummary((request) -> request.streamName(stream)))
			.streamDescriptionSummary()
			.streamARN();
	}

	private static <T> T call(CompletableFuture<T> response) {
		try {
			return response.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
