package io.github.kinetic.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.settings.ConsumerSettings.MissingStreamsPolicy;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.metrics.MetricsLevel;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for consuming Kinesis streams with kinetic.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@ConfigurationProperties("kinetic")
public class KineticProperties {

	/**
	 * Consumer group of this application; names the DynamoDB lease table.
	 */
	private @Nullable String applicationName;

	/**
	 * Streams to consume.
	 */
	private List<Stream> streams = new ArrayList<>();

	/**
	 * Whether leases of the application-name group track streams in multi-stream mode.
	 * Implied by two or more streams.
	 */
	private @Nullable Boolean multiStream;

	/**
	 * Identifier of this worker in the lease table. Defaults to the host name and a
	 * random suffix.
	 */
	private @Nullable String workerId;

	/**
	 * AWS region. Defaults to the AWS default region provider chain.
	 */
	private @Nullable String region;

	/**
	 * Endpoint for every AWS service, such as a LocalStack URL.
	 */
	private @Nullable URI endpoint;

	/**
	 * Static AWS credentials. Without them, the default AWS credentials provider chain.
	 */
	private final Creds creds = new Creds();

	private final Service kinesis = new Service();

	private final Service dynamodb = new Service();

	private final Service cloudwatch = new Service();

	private final Lease lease = new Lease();

	private final LeaseTable leaseTable = new LeaseTable();

	private final Polling polling = new Polling();

	private final Retrieval retrieval = new Retrieval();

	private final Listener listener = new Listener();

	private final Metrics metrics = new Metrics();

	private final FormerStreams formerStreams = new FormerStreams();

	private final MissingStreams missingStreams = new MissingStreams();

	private final Actuator actuator = new Actuator();

	/**
	 * What happens when a listener container cannot reach AWS at startup: stop the
	 * application, continue without the container, or retry with a back-off.
	 */
	private StartupFailurePolicy startupFailure = StartupFailurePolicy.STOP;

	private final StartupFailureRetry startupFailureRetry = new StartupFailureRetry();

	/**
	 * How long closing the context waits for processors to finish their batch, checkpoint
	 * and release their leases.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(20);

	public @Nullable String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(@Nullable String applicationName) {
		this.applicationName = applicationName;
	}

	public List<Stream> getStreams() {
		return this.streams;
	}

	public void setStreams(List<Stream> streams) {
		this.streams = streams;
	}

	public @Nullable Boolean getMultiStream() {
		return this.multiStream;
	}

	public void setMultiStream(@Nullable Boolean multiStream) {
		this.multiStream = multiStream;
	}

	public @Nullable String getWorkerId() {
		return this.workerId;
	}

	public void setWorkerId(@Nullable String workerId) {
		this.workerId = workerId;
	}

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable URI endpoint) {
		this.endpoint = endpoint;
	}

	public Creds getCreds() {
		return this.creds;
	}

	public Service getKinesis() {
		return this.kinesis;
	}

	public Service getDynamodb() {
		return this.dynamodb;
	}

	public Service getCloudwatch() {
		return this.cloudwatch;
	}

	public Lease getLease() {
		return this.lease;
	}

	public LeaseTable getLeaseTable() {
		return this.leaseTable;
	}

	public Polling getPolling() {
		return this.polling;
	}

	public Retrieval getRetrieval() {
		return this.retrieval;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public FormerStreams getFormerStreams() {
		return this.formerStreams;
	}

	public MissingStreams getMissingStreams() {
		return this.missingStreams;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	public StartupFailurePolicy getStartupFailure() {
		return this.startupFailure;
	}

	public void setStartupFailure(StartupFailurePolicy startupFailure) {
		this.startupFailure = startupFailure;
	}

	public StartupFailureRetry getStartupFailureRetry() {
		return this.startupFailureRetry;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Whether the configuration asks for multi-stream lease tracking.
	 * @return the explicit setting, or whether two or more streams are configured
	 */
	public boolean isMultiStreamMode() {
		return (this.multiStream != null) ? this.multiStream : this.streams.size() > 1;
	}

	public static class Stream {

		/**
		 * Name of the stream.
		 */
		private @Nullable String name;

		private final StartFrom startFrom = new StartFrom();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public StartFrom getStartFrom() {
			return this.startFrom;
		}

	}

	public static class StartFrom {

		/**
		 * Where a shard without a checkpoint starts.
		 */
		private StartPosition position = StartPosition.LATEST;

		/**
		 * Start time for the 'at-timestamp' position: an ISO-8601 instant such as
		 * '2026-11-25T10:00:00Z', or a negative ISO-8601 duration counted back from
		 * startup, such as '-P1D' for one day ago.
		 */
		private @Nullable String timestamp;

		/**
		 * Token that makes the position take effect over existing checkpoints, once: when
		 * it differs from the last token applied to this stream, the stream's leases are
		 * deleted at startup and created again at the position. Change it to rewind
		 * again.
		 */
		private @Nullable String resetToken;

		public @Nullable String getResetToken() {
			return this.resetToken;
		}

		public void setResetToken(@Nullable String resetToken) {
			this.resetToken = resetToken;
		}

		public StartPosition getPosition() {
			return this.position;
		}

		public void setPosition(StartPosition position) {
			this.position = position;
		}

		public @Nullable String getTimestamp() {
			return this.timestamp;
		}

		public void setTimestamp(@Nullable String timestamp) {
			this.timestamp = timestamp;
		}

	}

	/**
	 * Where a shard without a checkpoint starts.
	 */
	public enum StartPosition {

		/**
		 * Only records written after the listener container starts: leases created at
		 * startup begin at the start instant (KCL's AT_TIMESTAMP), so nothing written
		 * while KCL assigns them is skipped.
		 */
		LATEST,

		/**
		 * KCL's own LATEST: records written after a shard consumer first reads the shard,
		 * which can be seconds after startup.
		 */
		LATEST_AT_LEASE,

		/**
		 * Every record still on the stream.
		 */
		TRIM_HORIZON,

		/**
		 * Records from a point in time on; needs 'timestamp'.
		 */
		AT_TIMESTAMP

	}

	public static class Creds {

		/**
		 * AWS access key id.
		 */
		private @Nullable String accessKeyId;

		/**
		 * AWS secret access key.
		 */
		private @Nullable String secretAccessKey;

		/**
		 * AWS session token, for temporary credentials.
		 */
		private @Nullable String sessionToken;

		public @Nullable String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(@Nullable String accessKeyId) {
			this.accessKeyId = accessKeyId;
		}

		public @Nullable String getSecretAccessKey() {
			return this.secretAccessKey;
		}

		public void setSecretAccessKey(@Nullable String secretAccessKey) {
			this.secretAccessKey = secretAccessKey;
		}

		public @Nullable String getSessionToken() {
			return this.sessionToken;
		}

		public void setSessionToken(@Nullable String sessionToken) {
			this.sessionToken = sessionToken;
		}

	}

	public static class Service {

		/**
		 * Endpoint of this AWS service; wins over 'kinetic.endpoint'.
		 */
		private @Nullable URI endpoint;

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

	}

	public static class Lease {

		/**
		 * How long a lease may go unrenewed before another worker takes it over.
		 */
		private Duration failoverTime = Duration.ofSeconds(10);

		/**
		 * Whether, in multi-stream mode, a stream without leases under its real
		 * identifier adopts the checkpoints of leases that name it under another account
		 * or creation epoch, as kinetic for Clojure wrote them, instead of starting from
		 * 'start-from'.
		 */
		private boolean adoptLegacyKeys;

		public boolean isAdoptLegacyKeys() {
			return this.adoptLegacyKeys;
		}

		public void setAdoptLegacyKeys(boolean adoptLegacyKeys) {
			this.adoptLegacyKeys = adoptLegacyKeys;
		}

		public Duration getFailoverTime() {
			return this.failoverTime;
		}

		public void setFailoverTime(Duration failoverTime) {
			this.failoverTime = failoverTime;
		}

	}

	public static class LeaseTable {

		/**
		 * Billing mode of a lease table created by the starter.
		 */
		private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;

		/**
		 * Tags of a lease table created by the starter.
		 */
		private Map<String, String> tags = new LinkedHashMap<>();

		public BillingMode getBillingMode() {
			return this.billingMode;
		}

		public void setBillingMode(BillingMode billingMode) {
			this.billingMode = billingMode;
		}

		public Map<String, String> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, String> tags) {
			this.tags = tags;
		}

	}

	public static class Polling {

		/**
		 * Most records one GetRecords call returns.
		 */
		private int maxRecords = 10000;

		/**
		 * Pause between two GetRecords calls on a shard.
		 */
		private Duration idleTimeBetweenReads = Duration.ofMillis(1500);

		public int getMaxRecords() {
			return this.maxRecords;
		}

		public void setMaxRecords(int maxRecords) {
			this.maxRecords = maxRecords;
		}

		public Duration getIdleTimeBetweenReads() {
			return this.idleTimeBetweenReads;
		}

		public void setIdleTimeBetweenReads(Duration idleTimeBetweenReads) {
			this.idleTimeBetweenReads = idleTimeBetweenReads;
		}

	}

	public static class Retrieval {

		/**
		 * How KCL reads the shards: 'polling' (GetRecords, shared throughput) or
		 * 'fan-out' (enhanced fan-out: a registered stream consumer with dedicated
		 * throughput, records pushed over HTTP/2).
		 */
		private RetrievalMode mode = RetrievalMode.POLLING;

		/**
		 * Name of the stream consumer registered on each stream in fan-out mode, or
		 * reused when it exists. Defaults to the application name.
		 */
		private @Nullable String consumerName;

		public RetrievalMode getMode() {
			return this.mode;
		}

		public void setMode(RetrievalMode mode) {
			this.mode = mode;
		}

		public @Nullable String getConsumerName() {
			return this.consumerName;
		}

		public void setConsumerName(@Nullable String consumerName) {
			this.consumerName = consumerName;
		}

	}

	public static class Listener {

		/**
		 * When listeners checkpoint their progress, unless their annotation sets a mode.
		 */
		private CheckpointMode checkpointMode = CheckpointMode.BATCH;

		/**
		 * Shortest time between two checkpoints of a shard in periodic checkpoint mode.
		 */
		private Duration checkpointInterval = Duration.ofSeconds(10);

		/**
		 * How long a shard may go without records before a ListenerIdleEvent is
		 * published, and again each time that passes; no idle events when unset.
		 */
		private @Nullable Duration idleEventInterval;

		/**
		 * Whether each listener call runs in a Micrometer Observation (a span per call
		 * with a tracing bridge).
		 */
		private boolean observationEnabled;

		/**
		 * Age, by approximate arrival timestamp, past which a record due for delivery or
		 * for a retry is handed to the recoverer, or skipped without one, instead of
		 * reaching the listener; records of any age are delivered when unset.
		 */
		private @Nullable Duration maxRecordAge;

		/**
		 * How many partition keys of one shard a listener processes at once, each key's
		 * records in order; 1 processes a shard's records one after the other.
		 */
		private int concurrency = 1;

		/**
		 * Whether a batch a batch listener fails on without naming the failing record is
		 * split in halves and delivered again, down to the failing record.
		 */
		private boolean bisectOnFailure;

		private final BackOff backOff = new BackOff();

		private final DeadLetter deadLetter = new DeadLetter();

		public CheckpointMode getCheckpointMode() {
			return this.checkpointMode;
		}

		public void setCheckpointMode(CheckpointMode checkpointMode) {
			this.checkpointMode = checkpointMode;
		}

		public Duration getCheckpointInterval() {
			return this.checkpointInterval;
		}

		public void setCheckpointInterval(Duration checkpointInterval) {
			this.checkpointInterval = checkpointInterval;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public @Nullable Duration getIdleEventInterval() {
			return this.idleEventInterval;
		}

		public void setIdleEventInterval(@Nullable Duration idleEventInterval) {
			this.idleEventInterval = idleEventInterval;
		}

		public @Nullable Duration getMaxRecordAge() {
			return this.maxRecordAge;
		}

		public void setMaxRecordAge(@Nullable Duration maxRecordAge) {
			this.maxRecordAge = maxRecordAge;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public boolean isBisectOnFailure() {
			return this.bisectOnFailure;
		}

		public void setBisectOnFailure(boolean bisectOnFailure) {
			this.bisectOnFailure = bisectOnFailure;
		}

		public BackOff getBackOff() {
			return this.backOff;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

	}

	public static class DeadLetter {

		/**
		 * Kinesis stream that records a listener keeps failing on are published to, as a
		 * JSON envelope with the original data, once the attempts are used up.
		 */
		private @Nullable String stream;

		public @Nullable String getStream() {
			return this.stream;
		}

		public void setStream(@Nullable String stream) {
			this.stream = stream;
		}

	}

	public static class BackOff {

		/**
		 * Wait before the first retry of a failed batch.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor by which the wait grows after each failed retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between two retries.
		 */
		private Duration maxInterval = Duration.ofSeconds(30);

		/**
		 * Deliveries of a failing record, the first included, before the recoverer takes
		 * it; without a recoverer, delivery is retried until it succeeds.
		 */
		private int maxAttempts = 10;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

	public static class Metrics {

		/**
		 * Whether KCL publishes its own metrics to CloudWatch.
		 */
		private boolean cloudwatchEnabled;

		/**
		 * Level of the KCL metrics recorded, to Micrometer or to CloudWatch.
		 */
		private MetricsLevel level = MetricsLevel.SUMMARY;

		public boolean isCloudwatchEnabled() {
			return this.cloudwatchEnabled;
		}

		public void setCloudwatchEnabled(boolean cloudwatchEnabled) {
			this.cloudwatchEnabled = cloudwatchEnabled;
		}

		public MetricsLevel getLevel() {
			return this.level;
		}

		public void setLevel(MetricsLevel level) {
			this.level = level;
		}

	}

	public static class Actuator {

		/**
		 * Whether the kinesisleases endpoint offers the operation that deletes the leases
		 * of a stream, so that it is consumed again from its start position.
		 */
		private boolean leaseResetEnabled;

		/**
		 * Whether the kinesislisteners endpoint offers the operations that pause, resume,
		 * stop and start a listener.
		 */
		private boolean listenerControlEnabled;

		/**
		 * Whether the kinesislisteners endpoint offers the operation that skips, once,
		 * the record a blocked shard waits on.
		 */
		private boolean blockedRecordSkipEnabled;

		/**
		 * How long the kinesis health indicator and the kinesisleases endpoint wait for
		 * each DynamoDB or Kinesis call.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public boolean isListenerControlEnabled() {
			return this.listenerControlEnabled;
		}

		public void setListenerControlEnabled(boolean listenerControlEnabled) {
			this.listenerControlEnabled = listenerControlEnabled;
		}

		public boolean isBlockedRecordSkipEnabled() {
			return this.blockedRecordSkipEnabled;
		}

		public void setBlockedRecordSkipEnabled(boolean blockedRecordSkipEnabled) {
			this.blockedRecordSkipEnabled = blockedRecordSkipEnabled;
		}

		public boolean isLeaseResetEnabled() {
			return this.leaseResetEnabled;
		}

		public void setLeaseResetEnabled(boolean leaseResetEnabled) {
			this.leaseResetEnabled = leaseResetEnabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public static class FormerStreams {

		/**
		 * How long after a stream leaves the configuration its leases are deleted, in
		 * multi-stream mode. Unset, they are kept until deleted by hand.
		 */
		private @Nullable Duration leaseDeletionDelay;

		public @Nullable Duration getLeaseDeletionDelay() {
			return this.leaseDeletionDelay;
		}

		public void setLeaseDeletionDelay(@Nullable Duration leaseDeletionDelay) {
			this.leaseDeletionDelay = leaseDeletionDelay;
		}

	}

	public static class MissingStreams {

		/**
		 * What to do at startup when a configured stream does not exist: fail, or wait
		 * for it and start consuming once it exists.
		 */
		private MissingStreamsPolicy policy = MissingStreamsPolicy.FAIL;

		/**
		 * How often to look for missing streams when waiting for them.
		 */
		private Duration checkInterval = Duration.ofSeconds(10);

		public MissingStreamsPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(MissingStreamsPolicy policy) {
			this.policy = policy;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	public static class StartupFailureRetry {

		/**
		 * Wait before the second attempt to start a container that could not reach AWS.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor by which the wait grows after each failed attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between two attempts; attempts go on until the container starts.
		 */
		private Duration maxInterval = Duration.ofSeconds(30);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

}
