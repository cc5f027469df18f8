package io.github.kinetic.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@link KinesisListenerObservation}; declare a bean
 * of this type to replace or extend {@link DefaultKinesisListenerObservationConvention}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface KinesisListenerObservationConvention extends ObservationConvention<KinesisListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof KinesisListenerObservationContext;
	}

}
