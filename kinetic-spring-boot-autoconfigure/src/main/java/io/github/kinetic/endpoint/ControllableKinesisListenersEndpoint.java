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
 * {@code kinetic.actuator.blocked-record-skip-enabled=true} ({@code POST
 * /actuator/kinesis-listeners/{id}/skip/{stream}/{shard}}: a one-shot skip of the record
 * a blocked shard waits on). An operation that is not enabled answers 400, naming its
 * property.
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
	 */
	public ControllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry) {
		this(registry, true, false);
	}

	/**
	 * Create an endpoint.
	 * @param registry the registry of listeners
	 * @param controlEnabled whether listeners can be paused, resumed, stopped and started
	 * @param skipEnabled whether the record a blocked shard waits on can be skipped
	 */
	public ControllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry, boolean controlEnabled,
			boolean skipEnabled) {
		super(registry);
		this.controlEnabled = controlEnabled;
		this.skipEnabled = skipEnabled;
	}

	/**
	 * Pause, resume, stop or start a listener.
	 * @param id the listener id
	 * @param action {@code pause}, {@code resume}, {@code stop} or {@code start}
	 * @return the listener afterwards, or {@code null} if there is no such listener
	 */
	@WriteOperation
	public @Nullable ListenerDescriptor control(@Selector String id, @Selector String action) {
		KinesisListenerHandle handle = getRegistry().getListener(id);
		if (handle == null) {
			return null;
		}
		if (!this.controlEnabled) {
			throw new InvalidEndpointRequestException(
					"Action '" + action + "' needs kinetic.actuator.listener-control-enabled=true", "Not enabled");
		}
		switch (action) {
			case "pause" -> handle.pause();
			case "resume" -> handle.resume();
			case "stop" -> handle.stop();
			case "start" -> handle.start();
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use pause, resume, stop or start", "Unknown action");
		}
		return describe(handle);
	}

	/**
	 * Skip, once, the record a blocked shard of a listener waits on: {@code POST
	 * /actuator/kinesis-listeners/{id}/skip/{stream}/{shard}}.
	 * @param id the listener id
	 * @param action {@code skip}
	 * @param stream the stream of the blocked shard
	 * @param shard the id of the blocked shard
	 * @return the record to be skipped, or {@code null} if there is no such listener
	 */
	@WriteOperation
	public @Nullable SkippedRecordDescriptor skip(@Selector String id, @Selector String action, @Selector String stream,
			@Selector String shard) {
		if (!action.equals("skip")) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "'; use skip/{stream}/{shard}",
					"Unknown action");
		}
		if (!this.skipEnabled) {
			throw new InvalidEndpointRequestException(
					"Skipping a blocked record needs kinetic.actuator.blocked-record-skip-enabled=true", "Not enabled");
		}
		if (getRegistry().getListener(id) == null) {
			return null;
		}
		BlockedShard blocked = getRegistry().skipBlockedRecord(id, stream, shard);
		if (blocked == null) {
			throw new InvalidEndpointRequestException(
					"Shard " + stream + "/" + shard + " of listener " + id + " is not blocked: nothing to skip",
					"Not blocked");
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
