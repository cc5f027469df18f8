package io.github.kinetic.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.settings.ConsumerSettings;
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

	/**
	 * Bind the listeners and group them by application name.
	 * @param endpoints the listeners
	 * @param containerFactory binds each listener and creates the containers
	 * @return the groups, by application name
	 * @throws InvalidListenerMethodException if a listener cannot be served, two have one
	 * id, or a stream cannot be given to a listener (see {@link ListenerGroups})
	 */
	static Map<String, ConsumerGroup> create(List<KinesisListenerEndpoint> endpoints,
			KinesisListenerContainerFactory containerFactory) {
		Map<String, ListenerBinding> bindingsById = new LinkedHashMap<>();
		for (KinesisListenerEndpoint endpoint : endpoints) {
			ListenerBinding previous = bindingsById.putIfAbsent(endpoint.id(), containerFactory.bind(endpoint));
			if (previous != null) {
				throw new InvalidListenerMethodException(endpoint.methodDescription(), "has id '" + endpoint.id()
						+ "', which listener " + previous.invoker().endpoint().methodDescription() + " has too");
			}
		}
		Map<String, ConsumerGroup> groups = new LinkedHashMap<>();
		new ListenerGroups(containerFactory.getSettings()).group(endpoints).forEach((application, group) -> {
			Map<String, ListenerBinding> bindingsByStream = new LinkedHashMap<>();
			group.endpointsByStream()
				.forEach((stream, endpoint) -> bindingsByStream.put(stream, bindingsById.get(endpoint.id())));
			groups.put(application, new ConsumerGroup(group.settings(), bindingsByStream, containerFactory));
		});
		return groups;
	}

	/**
	 * Return the streams of the group a listener takes.
	 * @param listenerId the listener id
	 * @return the stream names, in configuration order
	 */
	List<String> streamsOf(String listenerId) {
		return this.settings.streamNames()
			.stream()
			.filter((stream) -> this.bindingsByStream.get(stream).listenerId().equals(listenerId))
			.toList();
	}

	String applicationName() {
		return this.settings.applicationName();
	}

	ConsumerSettings settings() {
		return this.settings;
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
