package io.github.kinetic.listener;

import software.amazon.kinesis.common.InitialPositionInStreamExtended;

/**
 * One stream the consumer reads, and where it starts when a shard has no checkpoint.
 *
 * @param name the stream name
 * @param startFrom the initial position of shards without a checkpoint
 * @author kinetic contributors
 * @since 0.1.0
 */
public record StreamSettings(String name, InitialPositionInStreamExtended startFrom) {

}
