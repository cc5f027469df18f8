/**
 * Listener endpoints, their registry, and the container that runs one KCL
 * {@code Scheduler} and hands its record batches to listener methods.
 */
@NullMarked
package io.github.kinetic.listener;

import org.jspecify.annotations.NullMarked;
