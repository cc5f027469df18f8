package io.github.kinetic.event;

import java.util.List;

/**
 * A container started consuming: its KCL scheduler runs, with the streams of its running
 * listeners.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStartedEvent extends KinesisListenerEvent {

	private final List<String> listenerIds;

	public ContainerStartedEvent(Object source, String applicationName, List<String> streams,
			List<String> listenerIds) {
		super(source, applicationName, streams);
		this.listenerIds = List.copyOf(listenerIds);
	}

	/**
	 * Return the ids of the listeners the container delivers to.
	 * @return the listener ids
	 */
	public List<String> getListenerIds() {
		return this.listenerIds;
	}

	@Override
	public String toString() {
		return "ContainerStartedEvent[application=" + getApplicationName() + ", streams=" + getStreams()
				+ ", listeners=" + this.listenerIds + "]";
	}

}
