package io.github.kinetic.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs each listener call inside a {@link KinesisListenerObservation}, opened in scope on
 * the calling thread (so a tracing bridge makes its span current and puts the trace id in
 * the MDC), with what the listener threw recorded as the observation's error.
 *
 */
final class ObservingListenerCallScope implements ListenerCallScope {

	private final ObservationRegistry registry;

	private final @Nullable KinesisListenerObservationConvention convention;

	ObservingListenerCallScope(ObservationRegistry registry,
			@Nullable KinesisListenerObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void run(ListenerCall call, Invocation invocation) throws Throwable {
		Observation observation = KinesisListenerObservation.LISTENER_CALL.observation(this.convention,
				DefaultKinesisListenerObservationConvention.INSTANCE, () -> new KinesisListenerObservationContext(call),
				this.registry);
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
