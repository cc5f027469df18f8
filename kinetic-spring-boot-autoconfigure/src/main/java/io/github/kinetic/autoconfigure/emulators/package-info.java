/**
 * Connection details for the local emulators of {@code kinetic-spring-boot-test}.
 */
@NullMarked
package io.github.kinetic.autoconfigure.emulators;

import org.jspecify.annotations.NullMarked;
