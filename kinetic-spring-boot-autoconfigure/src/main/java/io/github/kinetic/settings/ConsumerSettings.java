package io.github.kinetic.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * Everything a listener container needs to know about the application it consumes for,
 * already validated. Grouped as the {@code kinetic.*} properties are: the streams, the
 * lease table, how shards are read, and how long a stop may take.
 *
 * @param applicationName the consumer group, which names the lease table
 * @param workerId the identifier of this worker in the lease table
 * @param streams the streams to consume and what to do about missing or former ones
 * @param leases the lease table and how leases move between workers
 * @param reading how KCL reads the shards
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param cloudWatchMetrics whether KCL publishes its metrics to CloudWatch
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ConsumerSettings(String applicationName, String workerId, Streams streams, Leases leases, Reading reading,
		Duration shutdownTimeout, boolean cloudWatchMetrics) {

	/**
	 * Whether leases track several streams (multi-stream mode).
	 * @return whether this is a multi-stream application
	 */
	public boolean multiStream() {
		return this.streams.multiStream();
	}

	/**
	 * Return the names of the streams to consume.
	 * @return the stream names, in configuration order
	 */
	public List<String> streamNames() {
		return this.streams.names();
	}

	/**
	 * Return the name of the one stream of a single-stream application, which its leases
	 * do not record.
	 * @return the stream name, or {@code null} in multi-stream mode
	 */
	public @Nullable String singleStreamName() {
		return this.streams.multiStream() ? null : this.streams.all().get(0).name();
	}

	/**
	 * Return a copy of these settings that consumes only the given streams, in the same
	 * lease tracking mode.
	 * @param consumed the streams to consume
	 * @return the new settings
	 */
	public ConsumerSettings withStreams(List<StreamSettings> consumed) {
		return new ConsumerSettings(this.applicationName, this.workerId, this.streams.with(consumed), this.leases,
				this.reading, this.shutdownTimeout, this.cloudWatchMetrics);
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
	public ConsumerSettings forGroup(String groupApplicationName, List<StreamSettings> groupStreams,
			boolean groupMultiStream) {
		Reading groupReading = groupApplicationName.equals(this.applicationName) ? this.reading
				: this.reading.withConsumerName(groupApplicationName);
		Streams group = new Streams(groupStreams, groupMultiStream, this.streams.missing(),
				this.streams.missingCheckInterval(), this.streams.formerLeaseDeletionDelay());
		return new ConsumerSettings(groupApplicationName, this.workerId, group, this.leases, groupReading,
				this.shutdownTimeout, this.cloudWatchMetrics);
	}

	/**
	 * Return a copy of these settings with each stream's start position fixed for a
	 * container that starts at the given instant.
	 * @param containerStart the instant the container started
	 * @return the new settings
	 * @see StreamSettings#startingAt(Instant)
	 */
	public ConsumerSettings startingAt(Instant containerStart) {
		return withStreams(this.streams.all().stream().map((stream) -> stream.startingAt(containerStart)).toList());
	}

	/**
	 * The streams of an application ({@code kinetic.streams},
	 * {@code kinetic.multi-stream}, {@code kinetic.missing-streams.*},
	 * {@code kinetic.former-streams.*}).
	 *
	 * @param all the streams to consume
	 * @param multiStream whether leases track several streams (multi-stream mode)
	 * @param missing what to do when a configured stream does not exist at startup
	 * @param missingCheckInterval how often to look for missing streams when waiting for
	 * them
	 * @param formerLeaseDeletionDelay how long after a stream leaves the configuration
	 * its leases are deleted (multi-stream mode); {@code null} to keep them
	 */
	public record Streams(List<StreamSettings> all, boolean multiStream, MissingStreamsPolicy missing,
			Duration missingCheckInterval, @Nullable Duration formerLeaseDeletionDelay) {

		public Streams {
			all = List.copyOf(all);
		}

		/**
		 * Create the streams of an application that fails on a missing stream and keeps
		 * the leases of former ones.
		 * @param all the streams to consume
		 * @param multiStream whether leases track several streams
		 */
		public Streams(List<StreamSettings> all, boolean multiStream) {
			this(all, multiStream, MissingStreamsPolicy.FAIL, Duration.ofSeconds(10), null);
		}

		/**
		 * Return the names of the streams.
		 * @return the stream names, in configuration order
		 */
		public List<String> names() {
			return this.all.stream().map(StreamSettings::name).toList();
		}

		/**
		 * Return the settings of the named stream.
		 * @param name the stream name
		 * @return the stream's settings
		 * @throws IllegalArgumentException if the stream is not configured
		 */
		public StreamSettings named(String name) {
			return this.all.stream()
				.filter((stream) -> stream.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Stream '" + name + "' is not configured"));
		}

		Streams with(List<StreamSettings> streams) {
			return new Streams(streams, this.multiStream, this.missing, this.missingCheckInterval,
					this.formerLeaseDeletionDelay);
		}

	}

	/**
	 * The lease table and how leases move between workers ({@code kinetic.lease.*},
	 * {@code kinetic.lease-table.*}).
	 *
	 * @param failoverTime how long a lease may go unrenewed before another worker takes
	 * it
	 * @param adoptLegacyKeys whether a stream's multi-stream leases written under another
	 * account or creation epoch are moved to its real identifier, keeping their
	 * checkpoints
	 * @param tableBillingMode the billing mode of a lease table the starter creates
	 * @param tableTags the tags of a lease table the starter creates
	 */
	public record Leases(Duration failoverTime, boolean adoptLegacyKeys, BillingMode tableBillingMode,
			Map<String, String> tableTags) {

		public Leases {
			tableTags = Map.copyOf(tableTags);
		}

		/**
		 * Create lease settings for an on-demand table without tags that adopts legacy
		 * keys.
		 * @param failoverTime how long a lease may go unrenewed before another worker
		 * takes it
		 */
		public Leases(Duration failoverTime) {
			this(failoverTime, true, BillingMode.PAY_PER_REQUEST, Map.of());
		}

	}

	/**
	 * How KCL reads the shards ({@code kinetic.polling.*}, {@code kinetic.retrieval.*}).
	 *
	 * @param mode polling or enhanced fan-out
	 * @param maxRecords the most records one GetRecords call returns (polling)
	 * @param idleTimeBetweenReads the pause between GetRecords calls on a shard (polling)
	 * @param consumerName the name of the stream consumer registered on each stream
	 * (fan-out)
	 */
	public record Reading(RetrievalMode mode, int maxRecords, Duration idleTimeBetweenReads, String consumerName) {

		/**
		 * Create polling settings.
		 * @param maxRecords the most records one GetRecords call returns
		 * @param idleTimeBetweenReads the pause between GetRecords calls on a shard
		 * @param consumerName the name a fan-out consumer would have
		 */
		public static Reading polling(int maxRecords, Duration idleTimeBetweenReads, String consumerName) {
			return new Reading(RetrievalMode.POLLING, maxRecords, idleTimeBetweenReads, consumerName);
		}

		Reading withConsumerName(String name) {
			return new Reading(this.mode, this.maxRecords, this.idleTimeBetweenReads, name);
		}

	}

	/**
	 * What the consumer does at startup when a configured stream does not exist.
	 */
	public enum MissingStreamsPolicy {

		/**
		 * Fail startup with an error naming the stream.
		 */
		FAIL,

		/**
		 * Start the application and begin consuming once every configured stream exists,
		 * checking at an interval.
		 */
		WAIT

	}

	/**
	 * How KCL reads the records of a shard.
	 */
	public enum RetrievalMode {

		/**
		 * Shared throughput: each shard consumer calls GetRecords at an interval.
		 */
		POLLING,

		/**
		 * Enhanced fan-out: a registered stream consumer subscribes to each shard and
		 * Kinesis pushes records over HTTP/2, with dedicated throughput per consumer.
		 */
		FAN_OUT

	}

	/**
	 * What happens when a listener container cannot start because AWS cannot be reached:
	 * DynamoDB or Kinesis does not answer, the credentials are refused, or the lease
	 * table cannot be created. A configuration the container can never start with (a
	 * missing stream under {@link MissingStreamsPolicy#FAIL}, a lease table in the other
	 * tracking mode) always fails startup, whatever the policy.
	 */
	public enum StartupFailurePolicy {

		/**
		 * The application fails to start, with a failure analysis.
		 */
		STOP,

		/**
		 * The application starts; the container stays failed and consumes nothing until
		 * its listener is started again.
		 */
		CONTINUE,

		/**
		 * The application starts; the container tries again after a back-off, growing
		 * between attempts, until it starts or is stopped.
		 */
		RETRY

	}

}
