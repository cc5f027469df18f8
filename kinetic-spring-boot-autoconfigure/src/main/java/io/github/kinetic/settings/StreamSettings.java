package io.github.kinetic.settings;

import java.time.Instant;
import java.util.Date;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

/**
 * One stream the consumer reads, and where it starts when a shard has no checkpoint.
 *
 * @param name the stream name
 * @param startFrom the initial position of shards without a checkpoint
 * @param resetToken a token that, when it differs from the last one applied to this
 * stream, makes {@code startFrom} take effect over existing checkpoints once
 * @param latestFromContainerStart whether a {@code LATEST} start position means the
 * instant the container starts rather than whenever KCL first reads a shard
 * @author kinetic contributors
 * @since 0.1.0
 */
public record StreamSettings(String name, InitialPositionInStreamExtended startFrom, @Nullable String resetToken,
		boolean latestFromContainerStart) {

	/**
	 * Create settings where {@code LATEST} keeps KCL's meaning.
	 * @param name the stream name
	 * @param startFrom the initial position of shards without a checkpoint
	 * @param resetToken the reset token, if any
	 */
	public StreamSettings(String name, InitialPositionInStreamExtended startFrom, @Nullable String resetToken) {
		this(name, startFrom, resetToken, false);
	}

	/**
	 * Create settings without a reset token.
	 * @param name the stream name
	 * @param startFrom the initial position of shards without a checkpoint
	 */
	public StreamSettings(String name, InitialPositionInStreamExtended startFrom) {
		this(name, startFrom, null);
	}

	/**
	 * Return these settings with the start position fixed for a container that starts at
	 * the given instant. KCL's {@code LATEST} is resolved when a shard consumer first
	 * asks for an iterator, which can be many seconds after the application said it
	 * consumes; {@code AT_TIMESTAMP} of the start instant loses nothing written since.
	 * @param containerStart the instant the container started
	 * @return the settings to consume with
	 */
	StreamSettings startingAt(Instant containerStart) {
		if (!this.latestFromContainerStart
				|| this.startFrom.getInitialPositionInStream() != InitialPositionInStream.LATEST) {
			return this;
		}
		return new StreamSettings(this.name,
				InitialPositionInStreamExtended.newInitialPositionAtTimestamp(Date.from(containerStart)),
				this.resetToken, false);
	}

}
