package io.github.kinetic.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.StreamSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Groups the listeners by application name (consumer group) and gives each configured
 * stream to at most one listener of each group. A listener that names a stream missing
 * from the configuration, or a stream another listener of its group takes too, is a
 * startup error; a configured stream no listener takes is not consumed at all (consuming
 * it would checkpoint records nobody processed), and a warning says so.
 * <p>
 * The group of {@code kinetic.application-name} keeps the lease tracking mode of the
 * configuration ({@code kinetic.multi-stream}, or two or more configured streams), so
 * that adding a listener of another group does not change the format of its lease table;
 * any other group is in multi-stream mode when it has two or more streams.
 */
final class ListenerGroups {

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
					throw new InvalidListenerMethodException(endpoint.methodDescription(), "consumes stream '" + stream
							+ "', which is not in kinetic.streams (configured: " + configured + ")");
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
			.filter((stream) -> byApplication.values().stream().noneMatch((byStream) -> byStream.containsKey(stream)))
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
