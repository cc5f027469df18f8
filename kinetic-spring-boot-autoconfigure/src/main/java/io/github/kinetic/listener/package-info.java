/**
 * What listener code touches: record and batch contexts, checkpointing, failure handling,
 * payload conversion and scheduler customization.
 */
@NullMarked
package io.github.kinetic.listener;

import org.jspecify.annotations.NullMarked;
