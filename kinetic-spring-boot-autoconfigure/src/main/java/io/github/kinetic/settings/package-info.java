/**
 * The validated settings a listener container consumes with, as the auto-configuration
 * maps them from {@code kinetic.*} properties: what the container, the lease table and
 * the actuator read, kept apart so that the lease code needs nothing of the container.
 */
@NullMarked
package io.github.kinetic.settings;

import org.jspecify.annotations.NullMarked;
