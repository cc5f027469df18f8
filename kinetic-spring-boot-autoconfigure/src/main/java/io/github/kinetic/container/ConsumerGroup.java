package io.github.kinetic.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.StreamSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

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

	/**
	 * Groups the listeners by application name (consumer group) and gives each configured
	 * stream to at most one listener of each group. A listener that names a stream
	 * missing from the configuration, or a stream another listener of its group takes
	 * too, is a startup error; a configured stream no listener takes is not consumed at
	 * all (consuming it would checkpoint records nobody processed), and a warning says
	 * so.
	 * <p>
	 * The group of {@code kinetic.application-name} keeps the lease tracking mode of the
	 * configuration ({@code kinetic.multi-stream}, or two or more configured streams), so
	 * that adding a listener of another group does not change the format of its lease
	 * table; any other group is in multi-stream mode when it has two or more streams.
	 */
	static final class ListenerGroups {

		private static final Log logger = LogFactory.getLog(ListenerGroups.class);

		private final ConsumerSettings settings;

		ListenerGroups(ConsumerSettings settings) {
			this.settings = settings;
		}

		/**
		 * Group the listeners.
		 * @param endpoints the listeners
		 * @return the groups, by application name, in the order their first listener was
		 * registered
		 * @throws InvalidListenerMethodException if a listener names a stream that is not
		 * configured or that another listener of its group takes
		 */
		Map<String, Group> group(List<KinesisListenerEndpoint> endpoints) {
			List<String> configured = this.settings.streamNames();
			Map<String, Map<String, KinesisListenerEndpoint>> byApplication = new LinkedHashMap<>();
			for (KinesisListenerEndpoint endpoint : endpoints) {
				String application = endpoint.applicationNameOr(this.settings.applicationName());
				Map<String, KinesisListenerEndpoint> byStream = byApplication.computeIfAbsent(application,
						(name) -> new LinkedHashMap<>());
				List<String> wanted = endpoint.streams().isEmpty() ? configured
						: endpoint.streams().stream().distinct().toList();
				for (String stream : wanted) {
					if (!configured.contains(stream)) {
						throw new InvalidListenerMethodException(endpoint.methodDescription(), "consumes stream '"
								+ stream + "', which is not in kinetic.streams (configured: " + configured + ")");
					}
					KinesisListenerEndpoint previous = byStream.putIfAbsent(stream, endpoint);
					if (previous != null) {
						throw new InvalidListenerMethodException(endpoint.methodDescription(),
								"(listener '" + endpoint.id() + "') consumes stream '" + stream + "' in application '"
										+ application + "', which listener '" + previous.id() + "' ("
										+ previous.methodDescription() + ") consumes in that application too; "
										+ "give each listener its own streams with @KinesisListener(streams = ...), "
										+ "or its own consumer group with @KinesisListener(applicationName = ...)");
					}
				}
			}
			configured.stream()
				.filter((stream) -> byApplication.values()
					.stream()
					.noneMatch((byStream) -> byStream.containsKey(stream)))
				.forEach((stream) -> logger.warn(LogMessage.format(
						"Stream '%s' is configured in kinetic.streams but no @KinesisListener consumes it; it is not consumed",
						stream)));
			Map<String, Group> groups = new LinkedHashMap<>();
			byApplication.forEach((application, byStream) -> groups.put(application, group(application, byStream)));
			return groups;
		}

		private Group group(String application, Map<String, KinesisListenerEndpoint> byStream) {
			List<StreamSettings> streams = this.settings.streams()
				.all()
				.stream()
				.filter((stream) -> byStream.containsKey(stream.name()))
				.toList();
			boolean multiStream = application.equals(this.settings.applicationName()) ? this.settings.multiStream()
					: streams.size() > 1;
			Map<String, KinesisListenerEndpoint> ordered = new LinkedHashMap<>();
			streams.forEach((stream) -> ordered.put(stream.name(), byStream.get(stream.name())));
			return new Group(this.settings.forGroup(application, streams, multiStream), ordered);
		}

		/**
		 * The listeners of one application name.
		 *
		 * @param settings the settings of the group's container: its application name,
		 * streams and lease tracking mode
		 * @param endpointsByStream the listener of each of its streams
		 */
		record Group(ConsumerSettings settings, Map<String, KinesisListenerEndpoint> endpointsByStream) {

			String applicationName() {
				return this.settings.applicationName();
			}

		}

	}

}
