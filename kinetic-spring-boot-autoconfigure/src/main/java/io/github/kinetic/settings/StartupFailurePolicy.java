package io.github.kinetic.settings;

/**
 * What happens when a listener container cannot start because AWS cannot be reached:
 * DynamoDB or Kinesis does not answer, the credentials are refused, or the lease table
 * cannot be created. A configuration the container can never start with (a missing stream
 * under {@link MissingStreamsPolicy#FAIL}, a lease table in the other tracking mode)
 * always fails startup, whatever the policy.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public enum StartupFailurePolicy {

	/**
	 * The application fails to start, with a failure analysis.
	 */
	STOP,

	/**
	 * The application starts; the container stays failed and consumes nothing until its
	 * listener is started again.
	 */
	CONTINUE,

	/**
	 * The application starts; the container tries again after a back-off, growing between
	 * attempts, until it starts or is stopped.
	 */
	RETRY

}
