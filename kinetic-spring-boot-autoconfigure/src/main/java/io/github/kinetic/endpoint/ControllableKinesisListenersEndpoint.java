package io.github.kinetic.endpoint;

import java.time.Instant;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lifecycle.BlockedShard;
import io.github.kinetic.listener.KinesisListenerHandle;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@link KinesisListenersEndpoint} with its write operation, {@code POST
 * /actuator/kinesis-listeners/{id}/{action}}: registered instead of it when
 * {@code kinetic.actuator.listener-control-enabled=true} (actions {@code pause},
 * {@code resume}, {@code stop} and {@code start}) or
 * {@code kinetic.actuator.blocked-record-skip-enabled=true} (action {@code skip}, with
 * {@code stream} and {@code shard} parameters: a one-shot skip of the record a blocked
 * shard waits on).
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Endpoint(id = KinesisListenersEndpoint.ID)
public class ControllableKinesisListenersEndpoint extends KinesisListenersEndpoint {

	private final boolean controlEnabled;

	private final boolean skipEnabled;

	/**
	 * Create an endpoint that controls listeners and does not skip records.
	 * @param registry the registry of listeners
	 * @param applicationName the application name the listeners consume as
	 */
	public ControllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry, String applicationName) {
		this(registry, applicationName, true, false);
	}

	/**
	 * Create an endpoint.
	 * @param registry the registry of listeners
	 * @param applicationName the application name the listeners consume as
	 * @param controlEnabled whether listeners can be paused, resumed, stopped and started
	 * @param skipEnabled whether the record a blocked shard waits on can be skipped
	 */
	public ControllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry, String applicationName,
			boolean controlEnabled, boolean skipEnabled) {
		super(registry, applicationName);
		this.controlEnabled = controlEnabled;
		this.skipEnabled = skipEnabled;
	}

	/**
	 * Pause, resume, stop or start a listener, or skip the record one of its shards is
	 * blocked on.
	 * @param id the listener id
	 * @param action {@code pause}, {@code resume}, {@code stop}, {@code start} or
	 * {@code skip}
	 * @param stream the stream of the blocked shard, for {@code skip}
	 * @param shard the id of the blocked shard, for {@code skip}
	 * @return the listener afterwards, or the record to be skipped; {@code null} if there
	 * is no such listener or blocked shard
	 */
	@WriteOperation
	public @Nullable OperationResponseBody control(@Selector String id, @Selector String action,
			@Nullable String stream, @Nullable String shard) {
		KinesisListenerHandle handle = getRegistry().getListener(id);
		if (handle == null) {
			return null;
		}
		if (action.equals("skip")) {
			return skip(id, stream, shard);
		}
		if (!this.controlEnabled) {
			throw new InvalidEndpointRequestException(
					"Action '" + action
							+ "' needs kinetic.actuator.listener-control-enabled=true; only skip is enabled",
					"Not enabled");
		}
		switch (action) {
			case "pause" -> handle.pause();
			case "resume" -> handle.resume();
			case "stop" -> handle.stop();
			case "start" -> handle.start();
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use pause, resume, stop, start or skip", "Unknown action");
		}
		return describe(handle);
	}

	private @Nullable SkippedRecordDescriptor skip(String id, @Nullable String stream, @Nullable String shard) {
		if (!this.skipEnabled) {
			throw new InvalidEndpointRequestException(
					"Skipping a blocked record needs kinetic.actuator.blocked-record-skip-enabled=true", "Not enabled");
		}
		if (stream == null || shard == null) {
			throw new InvalidEndpointRequestException(
					"Name the blocked shard with the stream and shard parameters, as in ?stream=orders&shard=shardId-000000000000",
					"Missing stream or shard");
		}
		BlockedShard blocked = getRegistry().skipBlockedRecord(id, stream, shard);
		if (blocked == null) {
			return null;
		}
		return new SkippedRecordDescriptor(blocked.listenerId(), blocked.stream(), blocked.shardId(),
				blocked.sequenceNumber(), blocked.since(), blocked.attempts(), blocked.failure());
	}

	/**
	 * The record an operator asked to skip; it is skipped instead of its next delivery,
	 * after the current back-off.
	 *
	 * @param listenerId the listener that fails on it
	 * @param stream the stream
	 * @param shardId the shard id
	 * @param sequenceNumber the sequence number of the record
	 * @param blockedSince when it failed its maximum attempts
	 * @param attempts its deliveries so far
	 * @param failure the class and message of what the listener threw last
	 */
	public record SkippedRecordDescriptor(String listenerId, String stream, String shardId, String sequenceNumber,
			Instant blockedSince, int attempts, String failure) implements OperationResponseBody {

	}

}
