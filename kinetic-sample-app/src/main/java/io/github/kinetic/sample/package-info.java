/**
 * A sample application that consumes two Kinesis streams with {@code @KinesisListener}.
 */
@NullMarked
package io.github.kinetic.sample;

import org.jspecify.annotations.NullMarked;
