package io.github.kinetic.observation;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Runs each call of a listener method inside a scope, such as a Micrometer
 * {@code Observation}. Called on KCL's processor thread, so that what the scope puts in
 * thread-local state (the current span, the MDC) is there while the listener runs.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface ListenerCallScope {

	/**
	 * A scope that only runs the call.
	 */
	ListenerCallScope NONE = (call, invocation) -> invocation.proceed();

	/**
	 * Return a scope that runs each call inside a {@link KinesisListenerObservation},
	 * opened in scope on the calling thread (so a tracing bridge makes its span current
	 * and puts the trace id in the MDC), with what the listener threw recorded as the
	 * observation's error.
	 * @param registry the observation registry
	 * @param convention a convention that replaces the default one, or {@code null}
	 * @return the scope
	 */
	static ListenerCallScope observing(ObservationRegistry registry,
			@Nullable KinesisListenerObservationConvention convention) {
		return new ObservingListenerCallScope(registry, convention);
	}

	/**
	 * Run the call.
	 * @param call what is called
	 * @param invocation calls the listener method
	 * @throws Throwable what the listener threw, unchanged
	 */
	void run(ListenerCall call, Invocation invocation) throws Throwable;

	/**
	 * The call of the listener method.
	 */
	@FunctionalInterface
	interface Invocation {

		/**
		 * Call the listener method.
		 * @throws Throwable what it threw
		 */
		void proceed() throws Throwable;

	}

}
