package io.github.kinetic.container;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

/**
 * One stream the consumer reads, and where it starts when a shard has no checkpoint.
 *
 * @param name the stream name
 * @param startFrom the initial position of shards without a checkpoint
 * @param resetToken a token that, when it differs from the last one applied to this
 * stream, makes {@code startFrom} take effect over existing checkpoints once
 * @author kinetic contributors
 * @since 0.1.0
 */
public record StreamSettings(String name, InitialPositionInStreamExtended startFrom, @Nullable String resetToken) {

	/**
	 * Create settings without a reset token.
	 * @param name the stream name
	 * @param startFrom the initial position of shards without a checkpoint
	 */
	public StreamSettings(String name, InitialPositionInStreamExtended startFrom) {
		this(name, startFrom, null);
	}

}
