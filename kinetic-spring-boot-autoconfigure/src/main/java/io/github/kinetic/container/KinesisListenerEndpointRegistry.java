package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.event.ListenerPausedEvent;
import io.github.kinetic.event.ListenerResumedEvent;
import io.github.kinetic.lifecycle.BlockedShard;
import io.github.kinetic.lifecycle.ListenerPauses;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisListenerHandle;
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
 * <p>
 * Each listener can be stopped and started at runtime through its
 * {@link KinesisListenerHandle} ({@link #getListener(String)}); the container is then
 * restarted with the streams of the listeners that run (see {@link KinesisListenerHandle}
 * for why). A listener with {@code autoStartup = "false"} consumes nothing until it is
 * started that way.
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

	private final Map<String, ListenerHandle> listeners = new LinkedHashMap<>();

	private final Map<String, ListenerBinding> bindingsByStream = new LinkedHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable ContainerStartup startup;

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
	 * Return the handle of the listener with the given id.
	 * @param id the listener id
	 * @return the handle, or {@code null} if there is no such listener
	 */
	public @Nullable KinesisListenerHandle getListener(String id) {
		return this.listeners.get(id);
	}

	/**
	 * Return the handles of all listeners.
	 * @return the handles
	 */
	public Collection<KinesisListenerHandle> getListeners() {
		return List.copyOf(this.listeners.values());
	}

	/**
	 * Return the running container if it has the given id (the application name).
	 * @param id the container id
	 * @return the container, or {@code null}
	 */
	public @Nullable KinesisListenerContainer getListenerContainer(String id) {
		KinesisListenerContainer current = container();
		return (current != null && current.getId().equals(id)) ? current : null;
	}

	/**
	 * Return the container, if any: the one KCL scheduler of the application, consuming
	 * the streams of every running listener. A container that failed to start (see
	 * {@link KinesisListenerContainer#getStartupFailure()}) is returned too.
	 * @return the containers
	 */
	public Collection<KinesisListenerContainer> getListenerContainers() {
		KinesisListenerContainer current = container();
		return (current != null) ? List.of(current) : List.of();
	}

	/**
	 * Return the container that consumes, or is to consume, the streams of a listener
	 * that is not stopped.
	 * @param listenerId the listener id
	 * @return the container, running or failed to start, or {@code null}
	 */
	public @Nullable KinesisListenerContainer getListenerContainerOf(String listenerId) {
		ListenerHandle listener = this.listeners.get(listenerId);
		KinesisListenerContainer current = container();
		return (listener != null && listener.isWanted() && current != null
				&& current.getSettings().streamNames().containsAll(listener.getStreams())) ? current : null;
	}

	/**
	 * Return the shards that wait on a record their listener keeps failing on, with no
	 * recoverer to take it.
	 * @return the blocked shards, by listener, stream and shard id
	 */
	public List<BlockedShard> getBlockedShards() {
		return this.containerFactory.getBlockedShards().blockedShards();
	}

	/**
	 * Ask for the record a shard waits on to be skipped at its next attempt: it is then
	 * checkpointed past without reaching the listener, logged at WARN and counted.
	 * @param listenerId the listener id
	 * @param stream the stream
	 * @param shardId the shard id
	 * @return the blocked shard whose record is to be skipped, or {@code null} if the
	 * shard is not blocked
	 */
	public @Nullable BlockedShard skipBlockedRecord(String listenerId, String stream, String shardId) {
		BlockedShard blocked = this.containerFactory.getBlockedShards().requestSkip(listenerId, stream, shardId);
		if (blocked != null) {
			logger.warn(LogMessage.format(
					"An operator asked to skip the record of %s/%s at sequence number %s that listener %s failed"
							+ " on %d time(s)",
					stream, shardId, blocked.sequenceNumber(), listenerId, blocked.attempts()));
		}
		return blocked;
	}

	private @Nullable KinesisListenerContainer container() {
		ContainerStartup current = this.startup;
		return (current != null) ? current.container() : null;
	}

	/**
	 * Whether a running container of this worker consumes the named stream.
	 * @param stream the stream name
	 * @return whether this worker consumes it now
	 */
	public boolean isConsuming(String stream) {
		KinesisListenerContainer current = container();
		return current != null && current.isRunning() && current.getSettings().streamNames().contains(stream);
	}

	/**
	 * Run an action on the lease table with this worker's consumption of the stream
	 * stopped, under the lifecycle lock, so that no start or stop runs meanwhile.
	 * @param stream the stream name
	 * @param action the action
	 * @return whether the container that consumes the stream was stopped for the action
	 * and started again
	 */
	public boolean runWithStreamStopped(String stream, Runnable action) {
		synchronized (this.lifecycleMonitor) {
			KinesisListenerContainer current = container();
			boolean restart = current != null && isConsuming(stream);
			if (restart) {
				current.stop();
			}
			try {
				action.run();
			}
			finally {
				if (restart) {
					current.start();
				}
			}
			return restart;
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<KinesisListenerEndpoint> registered = getEndpoints();
		if (registered.isEmpty()) {
			logger.info("No @KinesisListener methods found; no Kinesis stream is consumed");
			return;
		}
		Map<String, ListenerBinding> bindingsById = new LinkedHashMap<>();
		for (KinesisListenerEndpoint endpoint : registered) {
			ListenerBinding previous = bindingsById.putIfAbsent(endpoint.id(), this.containerFactory.bind(endpoint));
			if (previous != null) {
				throw new InvalidListenerMethodException(endpoint.methodDescription(), "has id '" + endpoint.id()
						+ "', which listener " + previous.invoker().endpoint().methodDescription() + " has too");
			}
		}
		Map<String, KinesisListenerEndpoint> endpointsByStream = new ListenerStreamAssignment(
				this.containerFactory.getSettings())
			.assign(registered);
		endpointsByStream
			.forEach((stream, endpoint) -> this.bindingsByStream.put(stream, bindingsById.get(endpoint.id())));
		for (KinesisListenerEndpoint endpoint : registered) {
			List<String> streams = endpointsByStream.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == endpoint)
				.map(Map.Entry::getKey)
				.toList();
			this.listeners.put(endpoint.id(), new ListenerHandle(this, endpoint.id(), streams, endpoint.autoStartup()));
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			this.running = true;
			try {
				restartContainer();
			}
			catch (RuntimeException ex) {
				this.running = false;
				throw ex;
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			this.running = false;
			stopContainer();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	void changeListener(ListenerHandle listener, boolean run) {
		synchronized (this.lifecycleMonitor) {
			if (listener.isWanted() == run) {
				return;
			}
			listener.setWanted(run);
			logger.info(LogMessage.format("%s listener %s (streams %s)", run ? "Starting" : "Stopping",
					listener.getId(), listener.getStreams()));
			if (this.running) {
				restartContainer();
			}
		}
	}

	void pauseListener(ListenerHandle listener, @Nullable String stream, @Nullable String shardId, boolean pause) {
		ListenerPauses pauses = this.containerFactory.getListenerPauses();
		boolean changed;
		if (stream == null || shardId == null) {
			changed = pause ? pauses.pause(listener.getId()) : pauses.resume(listener.getId());
		}
		else {
			changed = pause ? pauses.pause(listener.getId(), stream, shardId)
					: pauses.resume(listener.getId(), stream, shardId);
		}
		if (!changed) {
			return;
		}
		String applicationName = this.containerFactory.getSettings().applicationName();
		String what = (shardId != null) ? "shard " + stream + "/" + shardId + " of listener" : "listener";
		logger.info(LogMessage.format("%s %s %s", pause ? "Paused" : "Resumed", what, listener.getId()));
		this.containerFactory.getEventPublisher()
			.publishEvent(pause
					? new ListenerPausedEvent(this, applicationName, listener.getId(), listener.getStreams(), stream,
							shardId)
					: new ListenerResumedEvent(this, applicationName, listener.getId(), listener.getStreams(), stream,
							shardId));
	}

	boolean isPaused(ListenerHandle listener, @Nullable String stream, @Nullable String shardId) {
		ListenerPauses pauses = this.containerFactory.getListenerPauses();
		return (stream == null || shardId == null) ? pauses.isPaused(listener.getId())
				: pauses.isPaused(listener.getId(), stream, shardId);
	}

	boolean isConsuming(List<String> streams) {
		KinesisListenerContainer current = container();
		return current != null && current.isRunning() && !streams.isEmpty()
				&& current.getSettings().streamNames().containsAll(streams);
	}

	private void restartContainer() {
		stopContainer();
		Map<String, ListenerBinding> consumed = new LinkedHashMap<>();
		this.listeners.values()
			.stream()
			.filter(ListenerHandle::isWanted)
			.forEach((listener) -> listener.getStreams()
				.forEach((stream) -> consumed.put(stream, this.bindingsByStream.get(stream))));
		if (consumed.isEmpty()) {
			if (!this.listeners.isEmpty()) {
				logger.info("No @KinesisListener is running; no Kinesis stream is consumed");
			}
			return;
		}
		ContainerStartup next = this.containerFactory.startup(this.containerFactory.createContainer(consumed));
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
	}

	private void stopContainer() {
		ContainerStartup current = this.startup;
		if (current != null) {
			current.stop();
			this.startup = null;
		}
	}

	private static final class ListenerHandle implements KinesisListenerHandle {

		private final KinesisListenerEndpointRegistry registry;

		private final String id;

		private final List<String> streams;

		private final boolean autoStartup;

		private volatile boolean wanted;

		ListenerHandle(KinesisListenerEndpointRegistry registry, String id, List<String> streams, boolean autoStartup) {
			this.registry = registry;
			this.id = id;
			this.streams = List.copyOf(streams);
			this.autoStartup = autoStartup;
			this.wanted = autoStartup;
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public List<String> getStreams() {
			return this.streams;
		}

		@Override
		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		@Override
		public boolean isRunning() {
			return this.wanted && this.registry.isConsuming(this.streams);
		}

		@Override
		public void start() {
			this.registry.changeListener(this, true);
		}

		@Override
		public void stop() {
			this.registry.changeListener(this, false);
		}

		@Override
		public void pause() {
			this.registry.pauseListener(this, null, null, true);
		}

		@Override
		public void resume() {
			this.registry.pauseListener(this, null, null, false);
		}

		@Override
		public boolean isPaused() {
			return this.registry.isPaused(this, null, null);
		}

		@Override
		public void pause(String stream, String shardId) {
			this.registry.pauseListener(this, stream, shardId, true);
		}

		@Override
		public void resume(String stream, String shardId) {
			this.registry.pauseListener(this, stream, shardId, false);
		}

		@Override
		public boolean isPaused(String stream, String shardId) {
			return this.registry.isPaused(this, stream, shardId);
		}

		boolean isWanted() {
			return this.wanted;
		}

		void setWanted(boolean wanted) {
			this.wanted = wanted;
		}

	}

}
