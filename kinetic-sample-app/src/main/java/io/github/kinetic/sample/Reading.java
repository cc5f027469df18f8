package io.github.kinetic.sample;

import java.time.Instant;

/**
 * A measurement sent as JSON on the Pluto stream.
 *
 * @param probe the probe that took the reading
 * @param temperature the surface temperature, in kelvin
 * @param takenAt when the reading was taken
 * @author kinetic contributors
 * @since 0.1.0
 */
public record Reading(String probe, double temperature, Instant takenAt) {

}
