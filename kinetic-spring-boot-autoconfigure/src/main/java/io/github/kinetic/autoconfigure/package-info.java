/**
 * Auto-configuration for kinetic: properties, AWS clients and the listener
 * infrastructure.
 */
@NullMarked
package io.github.kinetic.autoconfigure;

import org.jspecify.annotations.NullMarked;
