/**
 * The stream consumers of enhanced fan-out: looking them up and deregistering them on
 * request.
 */
@NullMarked
package io.github.kinetic.retrieval;

import org.jspecify.annotations.NullMarked;
