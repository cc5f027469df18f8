/**
 * Writing to Kinesis: {@link io.github.kinetic.producer.KinesisTemplate} and its record,
 * result and exception types. Imports nothing else of the starter, so that the listener
 * support (the dead-letter recoverer) can publish with it.
 */
@NullMarked
package io.github.kinetic.producer;

import org.jspecify.annotations.NullMarked;
