/**
 * Operations support: the {@code kinesisleases} actuator endpoint, the {@code kinesis}
 * health indicator and Micrometer metrics of listeners and of KCL itself.
 */
@NullMarked
package io.github.kinetic.actuate;

import org.jspecify.annotations.NullMarked;
