/**
 * Testcontainers {@code @ServiceConnection} support for kinetic.
 */
@NullMarked
package io.github.kinetic.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
