/**
 * Listener endpoints, their registry, the container that runs one KCL {@code Scheduler},
 * and the delivery, checkpointing and failure handling of its records.
 */
@NullMarked
package io.github.kinetic.listener;

import org.jspecify.annotations.NullMarked;
