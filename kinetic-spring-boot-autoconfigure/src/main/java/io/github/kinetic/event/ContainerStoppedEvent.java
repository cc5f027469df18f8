package io.github.kinetic.event;

import java.util.List;

/**
 * A container stopped consuming: its KCL scheduler shut down and this worker released its
 * leases.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ContainerStoppedEvent extends KinesisListenerEvent {

	private final List<String> listenerIds;

	public ContainerStoppedEvent(Object source, String applicationName, List<String> streams,
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
		return "ContainerStoppedEvent[application=" + getApplicationName() + ", streams=" + getStreams()
				+ ", listeners=" + this.listenerIds + "]";
	}

}
