/**
 * Local Kinesis and DynamoDB emulators for tests of kinetic applications, and
 * {@link io.github.kinetic.test.EmbeddedKinesis @EmbeddedKinesis}.
 */
@NullMarked
package io.github.kinetic.test;

import org.jspecify.annotations.NullMarked;
