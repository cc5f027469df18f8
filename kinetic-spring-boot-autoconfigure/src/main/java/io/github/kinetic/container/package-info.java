/**
 * The listener engine: endpoint registry, container factory, the container around one KCL
 * scheduler and the path of a record to its listener; internal except registry, factory
 * and container.
 */
@NullMarked
package io.github.kinetic.container;

import org.jspecify.annotations.NullMarked;
