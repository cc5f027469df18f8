package io.github.kinetic.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.InvalidListenerMethodException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Gives each configured stream to exactly one listener. A listener that names a stream
 * missing from the configuration, or a stream claimed by two listeners, is a startup
 * error; a configured stream no listener takes is not consumed at all (consuming it would
 * checkpoint records nobody processed), and a warning says so.
 */
final class ListenerStreamAssignment {

	private static final Log logger = LogFactory.getLog(ListenerStreamAssignment.class);

	private final ConsumerSettings settings;

	ListenerStreamAssignment(ConsumerSettings settings) {
		this.settings = settings;
	}

	Map<String, KinesisListenerEndpoint> assign(List<KinesisListenerEndpoint> endpoints) {
		List<String> configured = this.settings.streams().stream().map(StreamSettings::name).toList();
		Map<String, KinesisListenerEndpoint> byStream = new LinkedHashMap<>();
		for (KinesisListenerEndpoint endpoint : endpoints) {
			List<String> wanted = endpoint.streams().isEmpty() ? configured
					: endpoint.streams().stream().distinct().toList();
			for (String stream : wanted) {
				if (!configured.contains(stream)) {
					throw new InvalidListenerMethodException(endpoint.methodDescription(), "consumes stream '" + stream
							+ "', which is not in kinetic.streams (configured: " + configured + ")");
				}
				KinesisListenerEndpoint previous = byStream.putIfAbsent(stream, endpoint);
				if (previous != null) {
					throw new InvalidListenerMethodException(endpoint.methodDescription(), "consumes stream '" + stream
							+ "', which listener " + previous.methodDescription()
							+ " consumes too; give each listener its own streams with @KinesisListener(streams = ...)");
				}
			}
		}
		configured.stream()
			.filter((stream) -> !byStream.containsKey(stream))
			.forEach((stream) -> logger.warn(LogMessage.format(
					"Stream '%s' is configured in kinetic.streams but no @KinesisListener consumes it; it is not consumed",
					stream)));
		return byStream;
	}

}
