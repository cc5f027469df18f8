/**
 * Everything that reads or writes a KCL lease table: creation, one reader and writer of
 * lease items, resets, adoption, release; internal except KinesisLeases and KinesisLease.
 */
@NullMarked
package io.github.kinetic.lease;

import org.jspecify.annotations.NullMarked;
