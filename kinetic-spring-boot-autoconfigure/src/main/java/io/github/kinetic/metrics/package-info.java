/**
 * Micrometer meters for listeners and KCL's own metrics.
 */
@NullMarked
package io.github.kinetic.metrics;

import org.jspecify.annotations.NullMarked;
