/**
 * Application events of {@code @KinesisListener} consumers, published through Spring's
 * {@code ApplicationEventPublisher}: containers started, stopped or failing to start,
 * shard leases acquired and lost, shards ended, listeners paused, resumed and idle.
 */
@NullMarked
package io.github.kinetic.event;

import org.jspecify.annotations.NullMarked;
