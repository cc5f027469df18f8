/**
 * Micrometer Observation around each listener call, when
 * {@code kinetic.listener.observation-enabled=true}: the documented observation, its
 * context and convention. {@link io.github.kinetic.observation.ListenerCallScope} and
 * {@link io.github.kinetic.observation.ListenerCall} need no Micrometer on the classpath.
 */
@NullMarked
package io.github.kinetic.observation;

import org.jspecify.annotations.NullMarked;
