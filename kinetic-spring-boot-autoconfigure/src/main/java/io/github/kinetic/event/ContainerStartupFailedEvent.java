package io.github.kinetic.event;

import java.util.List;

/**
 * A container could not start: the lease table, a stream or AWS could not be reached, or
 * the credentials were refused. What happens next follows
 * {@code kinetic.startup-failure}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStartupFailedEvent extends KinesisListenerEvent {

	private final Throwable failure;

	private final boolean retrying;

	public ContainerStartupFailedEvent(Object source, String applicationName, List<String> streams, Throwable failure,
			boolean retrying) {
		super(source, applicationName, streams);
		this.failure = failure;
		this.retrying = retrying;
	}

	/**
	 * Return why the container could not start.
	 * @return the failure
	 */
	public Throwable getFailure() {
		return this.failure;
	}

	/**
	 * Whether the container tries again after a back-off.
	 * @return whether it retries
	 */
	public boolean isRetrying() {
		return this.retrying;
	}

	@Override
	public String toString() {
		return "ContainerStartupFailedEvent[application=" + getApplicationName() + ", streams=" + getStreams()
				+ ", retrying=" + this.retrying + ", failure=" + this.failure + "]";
	}

}
