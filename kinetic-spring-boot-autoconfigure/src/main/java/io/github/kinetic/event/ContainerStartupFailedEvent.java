package io.github.kinetic.event;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A container could not start: the lease table, a stream or AWS could not be reached, or
 * the credentials were refused. Published before the failure is thrown, so that the
 * application context fails to start with it, or, under
 * {@code kinetic.startup-failure=continue} or {@code retry}, after each failed attempt
 * while the application runs on.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStartupFailedEvent extends KinesisListenerEvent {

	private final Throwable failure;

	private final @Nullable Duration retryIn;

	public ContainerStartupFailedEvent(Object source, String applicationName, List<String> streams, Throwable failure) {
		this(source, applicationName, streams, failure, null);
	}

	public ContainerStartupFailedEvent(Object source, String applicationName, List<String> streams, Throwable failure,
			@Nullable Duration retryIn) {
		super(source, applicationName, streams);
		this.failure = failure;
		this.retryIn = retryIn;
	}

	/**
	 * Return how long the container waits before it tries to start again, under
	 * {@code kinetic.startup-failure=retry}.
	 * @return the wait, or {@code null} if it does not try again
	 */
	public @Nullable Duration getRetryIn() {
		return this.retryIn;
	}

	/**
	 * Return why the container could not start.
	 * @return the failure
	 */
	public Throwable getFailure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return "ContainerStartupFailedEvent[application=" + getApplicationName() + ", streams=" + getStreams()
				+ ", failure=" + this.failure + ", retryIn=" + this.retryIn + "]";
	}

}
