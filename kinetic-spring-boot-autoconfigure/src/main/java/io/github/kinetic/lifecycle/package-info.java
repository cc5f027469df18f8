/**
 * What the container adds around each shard's record processor: pausing and resuming
 * listeners or shards while keeping their leases, and the shard events (lease acquired
 * and lost, shard ended, listener idle). Internal: used by the {@code container} package.
 */
@NullMarked
package io.github.kinetic.lifecycle;

import org.jspecify.annotations.NullMarked;
