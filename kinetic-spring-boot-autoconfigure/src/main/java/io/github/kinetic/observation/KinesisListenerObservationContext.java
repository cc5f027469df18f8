package io.github.kinetic.observation;

import io.micrometer.observation.Observation;

/**
 * The context of a {@link KinesisListenerObservation}: the listener call it observes.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisListenerObservationContext extends Observation.Context {

	private final ListenerCall call;

	public KinesisListenerObservationContext(ListenerCall call) {
		this.call = call;
	}

	/**
	 * Return the observed call.
	 * @return the call
	 */
	public ListenerCall getCall() {
		return this.call;
	}

}
