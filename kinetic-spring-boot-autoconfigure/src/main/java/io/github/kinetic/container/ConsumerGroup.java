package io.github.kinetic.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The container of one application name (consumer group): its own KCL scheduler and lease
 * table, consuming the streams of the group's listeners that are to run. Starting or
 * stopping a listener restarts only its group's container. Guarded by the registry's
 * lifecycle lock.
 */
final class ConsumerGroup {

	private final ConsumerSettings settings;

	private final Map<String, ListenerBinding> bindingsByStream;

	private final KinesisListenerContainerFactory containerFactory;

	private volatile @Nullable ContainerStartup startup;

	ConsumerGroup(ConsumerSettings settings, Map<String, ListenerBinding> bindingsByStream,
			KinesisListenerContainerFactory containerFactory) {
		this.settings = settings;
		this.bindingsByStream = Map.copyOf(bindingsByStream);
		this.containerFactory = containerFactory;
	}

	String applicationName() {
		return this.settings.applicationName();
	}

	/**
	 * Return the container, running or failed to start.
	 * @return the container, or {@code null} while the group consumes nothing
	 */
	@Nullable KinesisListenerContainer container() {
		ContainerStartup current = this.startup;
		return (current != null) ? current.container() : null;
	}

	boolean isConsuming(List<String> streams) {
		KinesisListenerContainer current = container();
		return current != null && current.isRunning() && !streams.isEmpty()
				&& current.getSettings().streamNames().containsAll(streams);
	}

	/**
	 * Stop the container and start a new one for the given streams of the group.
	 * @param streams the streams of the group's listeners that are to run
	 * @return whether a container was started
	 */
	boolean restart(Set<String> streams) {
		stop();
		Map<String, ListenerBinding> consumed = new LinkedHashMap<>();
		this.bindingsByStream.forEach((stream, binding) -> {
			if (streams.contains(stream)) {
				consumed.put(stream, binding);
			}
		});
		if (consumed.isEmpty()) {
			return false;
		}
		ContainerStartup next = this.containerFactory
			.startup(this.containerFactory.createContainer(this.settings, consumed));
		// visible before it starts, so that a container that fails to start shows as
		// failed
		this.startup = next;
		try {
			next.start();
		}
		catch (RuntimeException ex) {
			this.startup = null;
			throw ex;
		}
		return true;
	}

	void stop() {
		ContainerStartup current = this.startup;
		if (current != null) {
			current.stop();
			this.startup = null;
		}
	}

}
