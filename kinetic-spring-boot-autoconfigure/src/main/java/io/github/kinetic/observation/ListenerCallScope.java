package io.github.kinetic.observation;

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
