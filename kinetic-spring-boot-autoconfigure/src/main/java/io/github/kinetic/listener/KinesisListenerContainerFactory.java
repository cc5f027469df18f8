package io.github.kinetic.listener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.backoff.BackOff;

/**
 * Creates the {@link KinesisListenerContainer} of the configured application from the
 * listener endpoints that consume its streams.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisListenerContainerFactory {

	private final ConsumerSettings settings;

	private final KinesisClients clients;

	private final PayloadConverter payloadConverter;

	private final BackOff backOff;

	private final List<KinesisSchedulerCustomizer> customizers;

	private ListenerObserver observer = ListenerObserver.NONE;

	/**
	 * Create a factory.
	 * @param settings the consumer settings
	 * @param clients the AWS clients
	 * @param payloadConverter converts record data to listener parameter types
	 * @param backOff the back-off between deliveries of a failed batch
	 * @param customizers customizers of the KCL configuration
	 */
	public KinesisListenerContainerFactory(ConsumerSettings settings, KinesisClients clients,
			PayloadConverter payloadConverter, BackOff backOff, List<KinesisSchedulerCustomizer> customizers) {
		this.settings = settings;
		this.clients = clients;
		this.payloadConverter = payloadConverter;
		this.backOff = backOff;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Return the settings containers are created with.
	 * @return the consumer settings
	 */
	public ConsumerSettings getSettings() {
		return this.settings;
	}

	/**
	 * Set the observer that containers report record processing to.
	 * @param observer the observer
	 */
	public void setListenerObserver(ListenerObserver observer) {
		this.observer = observer;
	}

	/**
	 * Check that each listener method can be served.
	 * @param endpoint the endpoint
	 * @throws InvalidListenerMethodException if it cannot
	 */
	void validate(KinesisListenerEndpoint endpoint) {
		ListenerMethodInvoker.create(endpoint, this.payloadConverter);
	}

	/**
	 * Create the container that delivers each stream to its endpoint.
	 * @param endpointsByStream the endpoint of each stream to consume
	 * @return the container, not started
	 */
	KinesisListenerContainer createContainer(Map<String, KinesisListenerEndpoint> endpointsByStream) {
		Map<String, ListenerMethodInvoker> invokers = new LinkedHashMap<>();
		endpointsByStream.forEach((stream, endpoint) -> invokers.put(stream,
				ListenerMethodInvoker.create(endpoint, this.payloadConverter)));
		ConsumerSettings consumed = this.settings.withStreams(this.settings.streams()
			.stream()
			.filter((stream) -> endpointsByStream.containsKey(stream.name()))
			.toList());
		return new KinesisListenerContainer(consumed, this.clients, invokers, this.backOff, this.customizers,
				this.observer);
	}

}
