package io.github.kinetic.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.kinetic.lease.LeaseTable;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Everything a {@link KinesisListenerContainer} needs to know about the application it
 * consumes for, already validated.
 *
 * @param applicationName the consumer group, which names the lease table
 * @param streams the streams to consume
 * @param multiStream whether leases track several streams (multi-stream mode)
 * @param workerId the identifier of this worker in the lease table
 * @param failoverTime how long a lease may go unrenewed before another worker takes it
 * @param maxRecords the most records one GetRecords call returns
 * @param idleTimeBetweenReads the pause between GetRecords calls on a shard
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param leaseTableBillingMode the billing mode of a lease table the starter creates
 * @param leaseTableTags the tags of a lease table the starter creates
 * @param cloudWatchMetrics whether KCL publishes its metrics to CloudWatch
 * @param formerStreamLeaseDeletionDelay how long after a stream leaves the configuration
 * its leases are deleted (multi-stream mode); {@code null} to keep them
 * @param missingStreams what to do when a configured stream does not exist at startup
 * @param missingStreamsCheckInterval how often to look for missing streams when waiting
 * for them
 * @param adoptLegacyLeases whether a stream's multi-stream leases written under another
 * account or creation epoch are moved to its real identifier, keeping their checkpoints
 * @param retrievalMode how KCL reads the shards: polling or enhanced fan-out
 * @param consumerName the name of the stream consumer registered on each stream in
 * fan-out mode
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ConsumerSettings(String applicationName, List<StreamSettings> streams, boolean multiStream,
		String workerId, Duration failoverTime, int maxRecords, Duration idleTimeBetweenReads, Duration shutdownTimeout,
		BillingMode leaseTableBillingMode, Map<String, String> leaseTableTags, boolean cloudWatchMetrics,
		@Nullable Duration formerStreamLeaseDeletionDelay, MissingStreamsPolicy missingStreams,
		Duration missingStreamsCheckInterval, boolean adoptLegacyLeases, RetrievalMode retrievalMode,
		String consumerName) {

	public ConsumerSettings {
		streams = List.copyOf(streams);
		leaseTableTags = Map.copyOf(leaseTableTags);
	}

	/**
	 * Create settings that read the shards by polling.
	 * @param applicationName the consumer group, which names the lease table
	 * @param streams the streams to consume
	 * @param multiStream whether leases track several streams (multi-stream mode)
	 * @param workerId the identifier of this worker in the lease table
	 * @param failoverTime how long a lease may go unrenewed before another worker takes
	 * it
	 * @param maxRecords the most records one GetRecords call returns
	 * @param idleTimeBetweenReads the pause between GetRecords calls on a shard
	 * @param shutdownTimeout how long a graceful shutdown may take
	 * @param leaseTableBillingMode the billing mode of a lease table the starter creates
	 * @param leaseTableTags the tags of a lease table the starter creates
	 * @param cloudWatchMetrics whether KCL publishes its metrics to CloudWatch
	 * @param formerStreamLeaseDeletionDelay how long after a stream leaves the
	 * configuration its leases are deleted (multi-stream mode); {@code null} to keep them
	 * @param missingStreams what to do when a configured stream does not exist at startup
	 * @param missingStreamsCheckInterval how often to look for missing streams when
	 * waiting for them
	 * @param adoptLegacyLeases whether legacy multi-stream leases are adopted
	 */
	public ConsumerSettings(String applicationName, List<StreamSettings> streams, boolean multiStream, String workerId,
			Duration failoverTime, int maxRecords, Duration idleTimeBetweenReads, Duration shutdownTimeout,
			BillingMode leaseTableBillingMode, Map<String, String> leaseTableTags, boolean cloudWatchMetrics,
			@Nullable Duration formerStreamLeaseDeletionDelay, MissingStreamsPolicy missingStreams,
			Duration missingStreamsCheckInterval, boolean adoptLegacyLeases) {
		this(applicationName, streams, multiStream, workerId, failoverTime, maxRecords, idleTimeBetweenReads,
				shutdownTimeout, leaseTableBillingMode, leaseTableTags, cloudWatchMetrics,
				formerStreamLeaseDeletionDelay, missingStreams, missingStreamsCheckInterval, adoptLegacyLeases,
				RetrievalMode.POLLING, applicationName);
	}

	/**
	 * Return the settings of the named stream.
	 * @param name the stream name
	 * @return the stream's settings
	 * @throws IllegalArgumentException if the stream is not configured
	 */
	public StreamSettings stream(String name) {
		return this.streams.stream()
			.filter((stream) -> stream.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Stream '" + name + "' is not configured"));
	}

	/**
	 * Return a copy of these settings that consumes only the given streams, in the same
	 * lease tracking mode.
	 * @param consumed the streams to consume
	 * @return the new settings
	 */
	public ConsumerSettings withStreams(List<StreamSettings> consumed) {
		return new ConsumerSettings(this.applicationName, consumed, this.multiStream, this.workerId, this.failoverTime,
				this.maxRecords, this.idleTimeBetweenReads, this.shutdownTimeout, this.leaseTableBillingMode,
				this.leaseTableTags, this.cloudWatchMetrics, this.formerStreamLeaseDeletionDelay, this.missingStreams,
				this.missingStreamsCheckInterval, this.adoptLegacyLeases, this.retrievalMode, this.consumerName);
	}

	/**
	 * Return a copy of these settings for the container of another consumer group. It
	 * reads the way this one does; with enhanced fan-out another group registers a
	 * consumer named after itself, since two groups subscribing as one consumer would
	 * take each other's subscriptions.
	 * @param groupApplicationName the group's application name, which names its lease
	 * table
	 * @param groupStreams the group's streams
	 * @param groupMultiStream whether the group's leases track several streams
	 * @return the new settings
	 */
	ConsumerSettings forGroup(String groupApplicationName, List<StreamSettings> groupStreams,
			boolean groupMultiStream) {
		return new ConsumerSettings(groupApplicationName, groupStreams, groupMultiStream, this.workerId,
				this.failoverTime, this.maxRecords, this.idleTimeBetweenReads, this.shutdownTimeout,
				this.leaseTableBillingMode, this.leaseTableTags, this.cloudWatchMetrics,
				this.formerStreamLeaseDeletionDelay, this.missingStreams, this.missingStreamsCheckInterval,
				this.adoptLegacyLeases, this.retrievalMode,
				groupApplicationName.equals(this.applicationName) ? this.consumerName : groupApplicationName);
	}

	/**
	 * Return a copy of these settings with each stream's start position fixed for a
	 * container that starts at the given instant.
	 * @param containerStart the instant the container started
	 * @return the new settings
	 * @see StreamSettings#startingAt(Instant)
	 */
	ConsumerSettings startingAt(Instant containerStart) {
		return withStreams(this.streams.stream().map((stream) -> stream.startingAt(containerStart)).toList());
	}

	/**
	 * Return the name of the one stream of a single-stream application, which its leases
	 * do not record.
	 * @return the stream name, or {@code null} in multi-stream mode
	 */
	public @Nullable String singleStreamName() {
		return this.multiStream ? null : this.streams.get(0).name();
	}

	/**
	 * Return the start-position resets the streams ask for: those with a reset token.
	 * @return the resets, in configuration order
	 */
	public List<LeaseTable.StreamReset> leaseResets() {
		List<LeaseTable.StreamReset> resets = new ArrayList<>();
		for (StreamSettings stream : this.streams) {
			String token = stream.resetToken();
			if (token != null) {
				resets.add(new LeaseTable.StreamReset(stream.name(), token, stream.startFrom()));
			}
		}
		return resets;
	}

	/**
	 * Return the names of the streams to consume.
	 * @return the stream names, in configuration order
	 */
	public List<String> streamNames() {
		return this.streams.stream().map(StreamSettings::name).toList();
	}

}
