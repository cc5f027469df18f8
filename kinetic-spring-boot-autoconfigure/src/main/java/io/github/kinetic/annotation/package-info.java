/**
 * The {@link io.github.kinetic.annotation.KinesisListener} annotation and the bean post
 * processor that turns annotated methods into listener endpoints.
 */
@NullMarked
package io.github.kinetic.annotation;

import org.jspecify.annotations.NullMarked;
