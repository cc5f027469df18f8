package io.github.kinetic.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

/**
 * Collects the {@code @KinesisListener} endpoints, matches them to the configured streams
 * and owns the container that consumes them: started with the application context, shut
 * down gracefully when it closes.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisListenerEndpointRegistry implements SmartInitializingSingleton, SmartLifecycle {

	/**
	 * The lifecycle phase of the registry: late in start-up, so that listener beans and
	 * whatever they use are ready, and early in shutdown.
	 */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private static final Log logger = LogFactory.getLog(KinesisListenerEndpointRegistry.class);

	private final KinesisListenerContainerFactory containerFactory;

	private final List<KinesisListenerEndpoint> endpoints = new ArrayList<>();

	private final Map<String, KinesisListenerContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	public KinesisListenerEndpointRegistry(KinesisListenerContainerFactory containerFactory) {
		this.containerFactory = containerFactory;
	}

	/**
	 * Register an endpoint; called for each annotated method before the context finishes
	 * refreshing.
	 * @param endpoint the endpoint
	 */
	public void registerEndpoint(KinesisListenerEndpoint endpoint) {
		synchronized (this.endpoints) {
			this.endpoints.add(endpoint);
		}
	}

	/**
	 * Return the registered endpoints.
	 * @return the endpoints
	 */
	public List<KinesisListenerEndpoint> getEndpoints() {
		synchronized (this.endpoints) {
			return List.copyOf(this.endpoints);
		}
	}

	/**
	 * Return the container with the given id (the application name).
	 * @param id the container id
	 * @return the container, or {@code null}
	 */
	public @Nullable KinesisListenerContainer getListenerContainer(String id) {
		return this.containers.get(id);
	}

	/**
	 * Return all containers.
	 * @return the containers
	 */
	public Collection<KinesisListenerContainer> getListenerContainers() {
		return List.copyOf(this.containers.values());
	}

	/**
	 * Whether a running container of this worker consumes the named stream.
	 * @param stream the stream name
	 * @return whether this worker consumes it now
	 */
	public boolean isConsuming(String stream) {
		return this.containers.values()
			.stream()
			.filter(KinesisListenerContainer::isRunning)
			.anyMatch((container) -> container.getSettings()
				.streams()
				.stream()
				.anyMatch((consumed) -> consumed.name().equals(stream)));
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<KinesisListenerEndpoint> registered = getEndpoints();
		if (registered.isEmpty()) {
			logger.info("No @KinesisListener methods found; no Kinesis stream is consumed");
			return;
		}
		registered.forEach(this.containerFactory::validate);
		Map<String, KinesisListenerEndpoint> endpointsByStream = new ListenerStreamAssignment(
				this.containerFactory.getSettings())
			.assign(registered);
		KinesisListenerContainer container = this.containerFactory.createContainer(endpointsByStream);
		this.containers.put(container.getId(), container);
	}

	@Override
	public void start() {
		this.containers.values().forEach(KinesisListenerContainer::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.containers.values().forEach(KinesisListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

}
