package io.github.kinetic.container;

import java.util.List;

import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A listener container could not start because AWS could not be reached, the credentials
 * were refused or the lease table could not be created, under
 * {@link StartupFailurePolicy#STOP}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStartupException extends RuntimeException {

	private final String applicationName;

	private final List<String> streams;

	/**
	 * Create an exception.
	 * @param applicationName the application name of the container
	 * @param streams its streams
	 * @param cause why it could not start
	 */
	public ContainerStartupException(String applicationName, List<String> streams, Throwable cause) {
		super("Listener container '" + applicationName + "' (streams " + streams + ") could not start: "
				+ describe(cause), cause);
		this.applicationName = applicationName;
		this.streams = List.copyOf(streams);
	}

	/**
	 * Return the application name (the consumer group) of the container.
	 * @return the application name
	 */
	public String getApplicationName() {
		return this.applicationName;
	}

	/**
	 * Return the streams of the container.
	 * @return the stream names
	 */
	public List<String> getStreams() {
		return this.streams;
	}

	/**
	 * Describe a failure by the AWS SDK's message, which says what failed (such as
	 * "Unable to execute HTTP request: Connection refused"), or else by its innermost
	 * cause that has a message.
	 * @param failure the failure
	 * @return the class and message of that cause
	 */
	public static String describe(Throwable failure) {
		Throwable described = failure;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SdkException && cause.getMessage() != null) {
				described = cause;
				break;
			}
			if (cause.getMessage() != null) {
				described = cause;
			}
		}
		return described.getClass().getSimpleName()
				+ ((described.getMessage() != null) ? ": " + described.getMessage() : "");
	}

}
