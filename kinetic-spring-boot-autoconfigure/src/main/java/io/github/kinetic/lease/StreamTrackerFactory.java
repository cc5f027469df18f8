package io.github.kinetic.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.StreamSettings;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.FormerStreamsLeasesDeletionStrategy;
import software.amazon.kinesis.processor.MultiStreamTracker;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.processor.StreamTracker;

/**
 * Builds the KCL stream tracker for the configured streams, after checking that each
 * exists.
 * <p>
 * In multi-stream mode the stream identity in every lease key is the stream's real
 * account id and creation time ({@code account:stream:creationEpoch}), read from the
 * stream itself, so lease keys match what any other KCL consumer of the stream writes.
 */
final class StreamTrackerFactory {

	private final KinesisAsyncClient kinesis;

	StreamTrackerFactory(KinesisAsyncClient kinesis) {
		this.kinesis = kinesis;
	}

	StreamTracker create(ConsumerSettings settings) {
		List<StreamSettings> streams = settings.streams().all();
		if (!settings.multiStream()) {
			StreamSettings stream = streams.get(0);
			describe(stream.name());
			return new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream.name()), stream.startFrom());
		}
		List<StreamConfig> configs = streams.stream()
			.map((stream) -> new StreamConfig(multiStreamIdentifier(stream.name()), stream.startFrom()))
			.toList();
		return new ConfiguredStreamsTracker(configs,
				formerStreamsStrategy(settings.streams().formerLeaseDeletionDelay()));
	}

	/**
	 * Return the configured streams that do not exist.
	 * @param settings the consumer settings
	 * @return the names of the missing streams
	 */
	List<String> missingStreams(ConsumerSettings settings) {
		return settings.streams().all().stream().map(StreamSettings::name).filter((name) -> {
			try {
				describe(name);
				return false;
			}
			catch (StreamNotFoundException ex) {
				return true;
			}
		}).toList();
	}

	private static FormerStreamsLeasesDeletionStrategy formerStreamsStrategy(@Nullable Duration deletionDelay) {
		if (deletionDelay == null) {
			return new FormerStreamsLeasesDeletionStrategy.NoLeaseDeletionStrategy();
		}
		return new FormerStreamsLeasesDeletionStrategy.AutoDetectionAndDeferredDeletionStrategy() {

			@Override
			public Duration waitPeriodToDeleteFormerStreams() {
				return deletionDelay;
			}

		};
	}

	StreamIdentifier multiStreamIdentifier(String streamName) {
		StreamDescriptionSummary summary = describe(streamName);
		return StreamIdentifier.multiStreamInstance(Arn.fromString(summary.streamARN()),
				summary.streamCreationTimestamp().getEpochSecond());
	}

	private StreamDescriptionSummary describe(String streamName) {
		try {
			return this.kinesis.describeStreamSummary((request) -> request.streamName(streamName))
				.join()
				.streamDescriptionSummary();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				throw new StreamNotFoundException(streamName, ex.getCause());
			}
			throw ex;
		}
	}

	/**
	 * The configured streams, fixed for the life of the container. Leases of streams that
	 * leave the configuration are kept: deleting them is the user's decision.
	 */
	private record ConfiguredStreamsTracker(List<StreamConfig> streamConfigList,
			FormerStreamsLeasesDeletionStrategy formerStreamsLeasesDeletionStrategy) implements MultiStreamTracker {

	}

}
