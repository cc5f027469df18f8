/**
 * Ready-made payload converters and record recoverers that applications may construct.
 */
@NullMarked
package io.github.kinetic.listener.support;

import org.jspecify.annotations.NullMarked;
