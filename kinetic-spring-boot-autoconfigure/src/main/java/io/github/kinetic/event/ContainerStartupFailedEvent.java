package io.github.kinetic.event;

import java.util.List;

/**
 * A container could not start: the lease table, a stream or AWS could not be reached, or
 * the credentials were refused. Published before the failure is thrown, so that the
 * application context fails to start with it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStartupFailedEvent extends KinesisListenerEvent {

	private final Throwable failure;

	public ContainerStartupFailedEvent(Object source, String applicationName, List<String> streams, Throwable failure) {
		super(source, applicationName, streams);
		this.failure = failure;
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
				+ ", failure=" + this.failure + "]";
	}

}
