/**
 * The health indicator of the Kinesis consumers.
 */
@NullMarked
package io.github.kinetic.health;

import org.jspecify.annotations.NullMarked;
