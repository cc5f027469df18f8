/**
 * The actuator endpoint that lists and resets the application's leases.
 */
@NullMarked
package io.github.kinetic.endpoint;

import org.jspecify.annotations.NullMarked;
