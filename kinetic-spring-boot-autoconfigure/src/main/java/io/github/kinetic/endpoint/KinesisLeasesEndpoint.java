package io.github.kinetic.endpoint;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lease.KinesisLease;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.StreamSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the leases of the application's lease table: who
 * owns which shard, where each checkpoint stands and how far behind the shards this
 * worker holds are. The table is that of {@code kinetic.application-name}; the
 * {@code application} parameter names the consumer group of another application name.
 * <p>
 * The id is {@value #ID}; over HTTP it is served at {@value #PATH} (see
 * {@link KineticEndpointPathMapper}).
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Endpoint(id = KinesisLeasesEndpoint.ID)
public class KinesisLeasesEndpoint {

	/**
	 * The endpoint id, as used in {@code management.endpoints.web.exposure.include}.
	 */
	public static final String ID = "kinesisleases";

	/**
	 * The path of the endpoint under the actuator base path.
	 */
	public static final String PATH = "kinesis-leases";

	private final ConsumerSettings settings;

	private final KinesisListenerEndpointRegistry registry;

	private final KinesisLeases leases;

	/**
	 * Create an endpoint.
	 * @param settings the consumer settings
	 * @param registry the registry of listener containers
	 * @param leases reads the lease table
	 */
	public KinesisLeasesEndpoint(ConsumerSettings settings, KinesisListenerEndpointRegistry registry,
			KinesisLeases leases) {
		this.settings = settings;
		this.registry = registry;
		this.leases = leases;
	}

	/**
	 * Return the leases of {@code kinetic.application-name}, or of the consumer group of
	 * another application name.
	 * @param application the application name of a consumer group, or {@code null} for
	 * {@code kinetic.application-name}
	 * @return the leases, or {@code null} if no listener consumes as that application
	 * name
	 */
	@ReadOperation
	public @Nullable KinesisLeasesDescriptor leases(@Nullable String application) {
		if (application == null || application.equals(this.settings.applicationName())) {
			return describe(this.settings, readLeases());
		}
		ConsumerSettings group = this.registry.getGroupSettings(application);
		return (group != null) ? describe(group, readLeases(group)) : null;
	}

	@ReadOperation
	public @Nullable KinesisLeasesDescriptor streamLeases(@Selector String stream) {
		List<LeaseDescriptor> leases = readLeases().stream().filter((lease) -> lease.stream().equals(stream)).toList();
		if (leases.isEmpty() && !isConfigured(stream)) {
			return null;
		}
		return describe(this.settings, leases);
	}

	/**
	 * Return the leases of the application's lease table.
	 * @return the leases, by stream and shard id
	 */
	protected final List<LeaseDescriptor> readLeases() {
		return readLeases(this.settings);
	}

	private List<LeaseDescriptor> readLeases(ConsumerSettings group) {
		KinesisListenerContainer container = this.registry.getListenerContainer(group.applicationName());
		return leasesOf(group).list()
			.stream()
			.map((lease) -> describe(lease, container))
			.sorted(Comparator.comparing(LeaseDescriptor::stream).thenComparing(LeaseDescriptor::shardId))
			.toList();
	}

	/**
	 * Whether the stream is one of the configured streams.
	 * @param stream the stream name
	 * @return whether it is configured
	 */
	protected final boolean isConfigured(String stream) {
		return this.settings.streams().all().stream().map(StreamSettings::name).anyMatch(stream::equals);
	}

	/**
	 * Return the consumer settings.
	 * @return the settings
	 */
	protected final ConsumerSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the registry of listener containers.
	 * @return the registry
	 */
	protected final KinesisListenerEndpointRegistry getRegistry() {
		return this.registry;
	}

	/**
	 * Return the leases of a consumer group.
	 * @param group the group's settings
	 * @return its leases
	 */
	protected final KinesisLeases leasesOf(ConsumerSettings group) {
		if (group.applicationName().equals(this.settings.applicationName())) {
			return this.leases;
		}
		return this.leases.forGroup(group, (stream) -> this.registry.isConsuming(group.applicationName(), stream));
	}

	private static KinesisLeasesDescriptor describe(ConsumerSettings group, List<LeaseDescriptor> leases) {
		boolean fanOut = group.reading().mode() == RetrievalMode.FAN_OUT;
		return new KinesisLeasesDescriptor(group.applicationName(), group.workerId(),
				group.multiStream() ? Mode.MULTI_STREAM : Mode.SINGLE_STREAM, group.reading().mode(),
				fanOut ? group.reading().consumerName() : null, leases);
	}

	private LeaseDescriptor describe(KinesisLease lease, @Nullable KinesisListenerContainer container) {
		boolean owned = this.settings.workerId().equals(lease.owner());
		Long millisBehindLatest = (owned && container != null)
				? container.millisBehindLatest(lease.stream(), lease.shardId()) : null;
		BlockedDescriptor blocked = owned ? blocked(lease) : null;
		return new LeaseDescriptor(lease.leaseKey(), lease.stream(), lease.shardId(), lease.owner(), owned,
				lease.leaseCounter(), checkpoint(lease.checkpoint(), lease.checkpointSubSequenceNumber()),
				checkpoint(lease.pendingCheckpoint(), lease.pendingCheckpointSubSequenceNumber()),
				sorted(lease.parentShardIds()), sorted(lease.childShardIds()), hashKeyRange(lease), millisBehindLatest,
				blocked);
	}

	private @Nullable BlockedDescriptor blocked(KinesisLease lease) {
		return this.registry.getBlockedShards()
			.stream()
			.filter((shard) -> shard.stream().equals(lease.stream()) && shard.shardId().equals(lease.shardId()))
			.findFirst()
			.map((shard) -> new BlockedDescriptor(shard.listenerId(), shard.sequenceNumber(), shard.since(),
					shard.attempts(), shard.failure(), shard.skipRequested()))
			.orElse(null);
	}

	private static @Nullable CheckpointDescriptor checkpoint(@Nullable String sequenceNumber, long subSequenceNumber) {
		if (sequenceNumber == null) {
			return null;
		}
		return new CheckpointDescriptor(sequenceNumber, subSequenceNumber, !isAllDigits(sequenceNumber));
	}

	private static boolean isAllDigits(String sequenceNumber) {
		return !sequenceNumber.isEmpty() && sequenceNumber.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private static @Nullable HashKeyRangeDescriptor hashKeyRange(KinesisLease lease) {
		if (lease.startingHashKey() == null || lease.endingHashKey() == null) {
			return null;
		}
		return new HashKeyRangeDescriptor(lease.startingHashKey(), lease.endingHashKey());
	}

	private static List<String> sorted(List<String> values) {
		return values.stream().sorted().toList();
	}

	/**
	 * How the lease table tracks streams.
	 */
	public enum Mode {

		/**
		 * One stream; lease keys are shard ids.
		 */
		SINGLE_STREAM,

		/**
		 * Several streams; lease keys are {@code account:stream:creationEpoch:shardId}.
		 */
		MULTI_STREAM

	}

	/**
	 * The leases of one application.
	 *
	 * @param applicationName the application name, which names the lease table
	 * @param workerId the id of this worker
	 * @param mode how the lease table tracks streams
	 * @param retrievalMode how the shards are read: polling or enhanced fan-out
	 * @param consumerName the stream consumer that reads each stream in fan-out mode;
	 * {@code null} when polling
	 * @param leases the leases, by stream and shard id
	 */
	public record KinesisLeasesDescriptor(String applicationName, String workerId, Mode mode,
			RetrievalMode retrievalMode, @Nullable String consumerName,
			List<LeaseDescriptor> leases) implements OperationResponseBody {

	}

	/**
	 * One lease.
	 *
	 * @param leaseKey the key of the lease in the lease table
	 * @param stream the stream name
	 * @param shardId the shard id
	 * @param owner the worker that owns the lease, or {@code null} when unassigned
	 * @param ownedByThisWorker whether this worker owns it
	 * @param leaseCounter the lease counter, which each renewal and checkpoint increments
	 * @param checkpoint the checkpoint
	 * @param pendingCheckpoint the pending checkpoint of a two-phase checkpoint, if any
	 * @param parentShardIds the ids of the shards this shard was split or merged from
	 * @param childShardIds the ids of the shards this shard was split or merged into
	 * @param hashKeyRange the hash key range of the shard, when KCL recorded it
	 * @param millisBehindLatest how far this worker's processor was behind the tip of the
	 * shard with its last batch; {@code null} unless this worker holds the lease and
	 * Kinesis reported it
	 * @param blocked the record this worker's processor of the shard waits on, failing
	 * with no recoverer; {@code null} unless this worker holds the lease and the shard is
	 * blocked
	 */
	public record LeaseDescriptor(String leaseKey, String stream, String shardId, @Nullable String owner,
			boolean ownedByThisWorker, long leaseCounter, @Nullable CheckpointDescriptor checkpoint,
			@Nullable CheckpointDescriptor pendingCheckpoint, List<String> parentShardIds, List<String> childShardIds,
			@Nullable HashKeyRangeDescriptor hashKeyRange, @Nullable Long millisBehindLatest,
			@Nullable BlockedDescriptor blocked) {

	}

	/**
	 * The record a blocked shard waits on: its listener keeps failing on it and no
	 * recoverer takes it.
	 *
	 * @param listenerId the listener that fails on it
	 * @param sequenceNumber its sequence number
	 * @param since when it failed its maximum attempts
	 * @param attempts its deliveries so far
	 * @param failure the class and message of what the listener threw last
	 * @param skipRequested whether an operator asked to skip it at its next attempt
	 */
	public record BlockedDescriptor(String listenerId, String sequenceNumber, Instant since, int attempts,
			String failure, boolean skipRequested) {

	}

	/**
	 * A checkpoint: a sequence number with a subsequence number for aggregated records,
	 * or a sentinel.
	 *
	 * @param sequenceNumber the sequence number, or a sentinel such as
	 * {@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP} or {@code SHARD_END}
	 * @param subSequenceNumber the subsequence number
	 * @param sentinel whether the sequence number is a sentinel
	 */
	public record CheckpointDescriptor(String sequenceNumber, long subSequenceNumber, boolean sentinel) {

	}

	/**
	 * The hash key range of a shard.
	 *
	 * @param startingHashKey the first hash key, as a decimal number
	 * @param endingHashKey the last hash key, as a decimal number
	 */
	public record HashKeyRangeDescriptor(String startingHashKey, String endingHashKey) {

	}

}
