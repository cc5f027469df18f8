package io.github.kinetic.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.github.kinetic.autoconfigure.KineticProperties.StartFrom;
import io.github.kinetic.autoconfigure.KineticProperties.StartPosition;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import io.github.kinetic.settings.ListenerSettings;
import org.jspecify.annotations.Nullable;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.StreamSettings;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Checks the {@code kinetic.*} properties and maps them to the settings the container
 * factory and its containers take: the one place where properties are validated. Every
 * problem is reported as an {@link InvalidKineticPropertyException} naming the property.
 */
final class KineticPropertiesMapper {

	// what RegisterStreamConsumer accepts
	private static final Pattern CONSUMER_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

	private final Clock clock;

	KineticPropertiesMapper(Clock clock) {
		this.clock = clock;
	}

	ConsumerSettings map(KineticProperties properties) {
		String applicationName = properties.getApplicationName();
		if (!StringUtils.hasText(applicationName)) {
			throw new InvalidKineticPropertyException("kinetic.application-name", "is missing",
					"Set kinetic.application-name to the consumer group of this application; "
							+ "it names the DynamoDB lease table.");
		}
		List<StreamSettings> streams = streams(properties.getStreams());
		boolean multiStream = properties.isMultiStreamMode();
		if (!multiStream && streams.size() > 1) {
			throw new InvalidKineticPropertyException("kinetic.multi-stream",
					"is false but " + streams.size() + " streams are configured",
					"Remove kinetic.multi-stream (two or more streams imply multi-stream mode) or configure one stream.");
		}
		String workerId = StringUtils.hasText(properties.getWorkerId()) ? properties.getWorkerId() : defaultWorkerId();
		KineticProperties.MissingStreams missing = properties.getMissingStreams();
		ConsumerSettings.Streams consumed = new ConsumerSettings.Streams(streams, multiStream, missing.getPolicy(),
				missing.getCheckInterval(), properties.getFormerStreams().getLeaseDeletionDelay());
		ConsumerSettings.Leases leases = new ConsumerSettings.Leases(properties.getLease().getFailoverTime(),
				properties.getLease().isAdoptLegacyKeys(), properties.getLeaseTable().getBillingMode(),
				properties.getLeaseTable().getTags());
		KineticProperties.Polling polling = properties.getPolling();
		ConsumerSettings.Reading reading = new ConsumerSettings.Reading(properties.getRetrieval().getMode(),
				polling.getMaxRecords(), polling.getIdleTimeBetweenReads(),
				consumerName(properties.getRetrieval(), applicationName));
		return new ConsumerSettings(applicationName, workerId, consumed, leases, reading,
				properties.getShutdownTimeout(), properties.getMetrics().isCloudwatchEnabled());
	}

	private static String consumerName(KineticProperties.Retrieval retrieval, String applicationName) {
		String configured = retrieval.getConsumerName();
		String name = StringUtils.hasText(configured) ? configured : applicationName;
		if (retrieval.getMode() == RetrievalMode.FAN_OUT && !CONSUMER_NAME.matcher(name).matches()) {
			String property = StringUtils.hasText(configured) ? "kinetic.retrieval.consumer-name"
					: "kinetic.application-name";
			throw new InvalidKineticPropertyException(property,
					"is '" + name + "', which is not a valid name for the fan-out stream consumer",
					"Set kinetic.retrieval.consumer-name to 1 to 128 letters, digits, '_', '.' or '-'.");
		}
		return name;
	}

	private List<StreamSettings> streams(List<KineticProperties.Stream> configured) {
		if (configured.isEmpty()) {
			throw new InvalidKineticPropertyException("kinetic.streams", "has no stream",
					"Name at least one stream to consume, e.g. kinetic.streams[0].name=my-stream.");
		}
		List<StreamSettings> streams = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			KineticProperties.Stream stream = configured.get(i);
			String prefix = "kinetic.streams[" + i + "]";
			String name = stream.getName();
			if (!StringUtils.hasText(name)) {
				throw new InvalidKineticPropertyException(prefix + ".name", "is blank",
						"Give every entry of kinetic.streams the name of a Kinesis stream.");
			}
			if (!names.add(name)) {
				throw new InvalidKineticPropertyException(prefix + ".name", "repeats stream '" + name + "'",
						"Name each stream once in kinetic.streams.");
			}
			String resetToken = stream.getStartFrom().getResetToken();
			streams.add(new StreamSettings(name, startFrom(prefix + ".start-from", stream.getStartFrom()),
					StringUtils.hasText(resetToken) ? resetToken : null,
					stream.getStartFrom().getPosition() == StartPosition.LATEST));
		}
		return streams;
	}

	private InitialPositionInStreamExtended startFrom(String prefix, StartFrom startFrom) {
		StartPosition position = startFrom.getPosition();
		String timestamp = startFrom.getTimestamp();
		if (position != StartPosition.AT_TIMESTAMP) {
			if (StringUtils.hasText(timestamp)) {
				throw new InvalidKineticPropertyException(prefix + ".timestamp",
						"is set but " + prefix + ".position is " + kebab(position),
						"Set " + prefix + ".position to at-timestamp, or remove the timestamp.");
			}
			// 'latest' and 'latest-at-lease' are both KCL's LATEST here; the container
			// turns 'latest' into the instant it starts
			return InitialPositionInStreamExtended.newInitialPosition((position == StartPosition.TRIM_HORIZON)
					? InitialPositionInStream.TRIM_HORIZON : InitialPositionInStream.LATEST);
		}
		if (!StringUtils.hasText(timestamp)) {
			throw new InvalidKineticPropertyException(prefix + ".timestamp",
					"is missing; position at-timestamp needs it",
					"Set " + prefix + ".timestamp to an ISO-8601 instant such as '2026-11-25T10:00:00Z' "
							+ "or a negative duration such as '-P1D' (one day ago).");
		}
		Instant instant = StartTimestamps.parse(prefix + ".timestamp", timestamp, this.clock);
		return InitialPositionInStreamExtended.newInitialPositionAtTimestamp(Date.from(instant));
	}

	private static String kebab(StartPosition position) {
		return position.name().toLowerCase().replace('_', '-');
	}

	private static String defaultWorkerId() {
		String host = System.getenv("HOSTNAME");
		String prefix = StringUtils.hasText(host) ? host : "worker";
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	ListenerSettings listenerSettings(KineticProperties.Listener properties,
			@Nullable KinesisRecordRecoverer recoverer) {
		int maxAttempts = properties.getBackOff().getMaxAttempts();
		if (maxAttempts < 1) {
			throw new InvalidKineticPropertyException("kinetic.listener.back-off.max-attempts",
					"is " + maxAttempts + "; it counts the first delivery, so it must be at least 1",
					"Set kinetic.listener.back-off.max-attempts to 1 or more.");
		}
		Duration maxRecordAge = properties.getMaxRecordAge();
		if (maxRecordAge != null && (maxRecordAge.isNegative() || maxRecordAge.isZero())) {
			throw new InvalidKineticPropertyException("kinetic.listener.max-record-age",
					"is " + maxRecordAge + "; records older than it are not delivered, so it must be positive",
					"Set kinetic.listener.max-record-age to a positive duration such as 10m, or remove it to deliver"
							+ " records of any age.");
		}
		if (properties.getConcurrency() < 1) {
			throw new InvalidKineticPropertyException("kinetic.listener.concurrency",
					"is " + properties.getConcurrency() + "; it counts the partition keys of a shard processed at once,"
							+ " so it must be at least 1",
					"Set kinetic.listener.concurrency to 1 (one record of a shard at a time) or more.");
		}
		return new ListenerSettings(properties.getCheckpointMode(), properties.getCheckpointInterval(),
				new FailurePolicy(backOff(properties.getBackOff()), maxAttempts, recoverer, maxRecordAge,
						properties.isBisectOnFailure()),
				properties.getConcurrency());
	}

	BackOff startupRetryBackOff(KineticProperties.StartupFailureRetry properties) {
		if (properties.getMultiplier() < 1.0) {
			throw new InvalidKineticPropertyException("kinetic.startup-failure-retry.multiplier",
					"is " + properties.getMultiplier() + "; the wait between attempts cannot shrink",
					"Set kinetic.startup-failure-retry.multiplier to 1 or more.");
		}
		ExponentialBackOff backOff = new ExponentialBackOff(properties.getInitialInterval().toMillis(),
				properties.getMultiplier());
		backOff.setMaxInterval(properties.getMaxInterval().toMillis());
		return backOff;
	}

	private static BackOff backOff(KineticProperties.BackOff properties) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.getInitialInterval().toMillis(),
				properties.getMultiplier());
		backOff.setMaxInterval(properties.getMaxInterval().toMillis());
		return backOff;
	}

}
