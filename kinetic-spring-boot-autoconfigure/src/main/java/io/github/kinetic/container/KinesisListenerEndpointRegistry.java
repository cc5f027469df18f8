package io.github.kinetic.container;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.kinetic.lifecycle.BlockedShard;
import io.github.kinetic.listener.KinesisListenerHandle;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.settings.ConsumerSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

/**
 * Collects the {@code @KinesisListener} endpoints, groups them by application name
 * (consumer group) and owns one container per group, each with its own KCL scheduler and
 * lease table: started with the application context, shut down gracefully when it closes.
 * <p>
 * Each listener can be stopped and started at runtime through its
 * {@link KinesisListenerHandle} ({@link #getListener(String)}); the container of its
 * group is then restarted with the streams of the group's listeners that run (see
 * {@link KinesisListenerHandle} for why); the containers of other groups go on. A
 * listener with {@code autoStartup = "false"} consumes nothing until it is started that
 * way.
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

	private final Map<String, ConsumerGroup> groups = new LinkedHashMap<>();

	private final Object lifecycleMonitor = new Object();

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
	 * Return the container of the given application name, if it has one now.
	 * @param id the container id: the application name
	 * @return the container, running or failed to start, or {@code null}
	 */
	public @Nullable KinesisListenerContainer getListenerContainer(String id) {
		ConsumerGroup group = this.groups.get(id);
		return (group != null) ? group.container() : null;
	}

	/**
	 * Return the settings of the consumer group of an application name: its streams and
	 * lease tracking mode, whether its container runs or not.
	 * @param applicationName the application name
	 * @return the settings, or {@code null} if no listener consumes as that name
	 */
	public @Nullable ConsumerSettings getGroupSettings(String applicationName) {
		ConsumerGroup group = this.groups.get(applicationName);
		return (group != null) ? group.settings() : null;
	}

	/**
	 * Return the containers: one per application name with a listener to run, each
	 * consuming the streams of its running listeners. A container that failed to start
	 * (see {@link KinesisListenerContainer#getStartupFailure()}) is returned too.
	 * @return the containers
	 */
	public Collection<KinesisListenerContainer> getListenerContainers() {
		return this.groups.values().stream().map(ConsumerGroup::container).filter(Objects::nonNull).toList();
	}

	/**
	 * Return the container that consumes, or is to consume, the streams of a listener
	 * that is not stopped.
	 * @param listenerId the listener id
	 * @return the container, running or failed to start, or {@code null}
	 */
	public @Nullable KinesisListenerContainer getListenerContainerOf(String listenerId) {
		ListenerHandle listener = this.listeners.get(listenerId);
		KinesisListenerContainer current = (listener != null) ? getListenerContainer(listener.getApplicationName())
				: null;
		return (listener != null && listener.isWanted() && current != null
				&& current.getSettings().streamNames().containsAll(listener.getStreams())) ? current : null;
	}

	/**
	 * Return the shards that wait on a record their listener keeps failing on, with no
	 * recoverer to take it.
	 * @return the blocked shards, by listener, stream and shard id
	 */
	public List<BlockedShard> getBlockedShards() {
		return this.containerFactory.getLifecycle().blockedShards();
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
		BlockedShard blocked = this.containerFactory.getLifecycle()
			.requestSkip(new ListenerShard(listenerId, stream, shardId));
		if (blocked != null) {
			logger.warn(LogMessage.format(
					"An operator asked to skip the record of %s/%s at sequence number %s that listener %s failed"
							+ " on %d time(s)",
					stream, shardId, blocked.sequenceNumber(), listenerId, blocked.attempts()));
		}
		return blocked;
	}

	/**
	 * Whether a running container of this worker consumes the named stream, in any
	 * application name.
	 * @param stream the stream name
	 * @return whether this worker consumes it now
	 */
	public boolean isConsuming(String stream) {
		return this.groups.keySet().stream().anyMatch((application) -> isConsuming(application, stream));
	}

	/**
	 * Whether the running container of an application name consumes the named stream.
	 * @param applicationName the application name
	 * @param stream the stream name
	 * @return whether this worker consumes it now as that application
	 */
	public boolean isConsuming(String applicationName, String stream) {
		ConsumerGroup group = this.groups.get(applicationName);
		return group != null && group.isConsuming(List.of(stream));
	}

	/**
	 * Run an action on the lease table of {@code kinetic.application-name} with this
	 * worker's consumption of the stream in that application stopped, under the lifecycle
	 * lock, so that no start or stop runs meanwhile. Containers of other application
	 * names go on.
	 * @param stream the stream name
	 * @param action the action
	 * @return whether the container that consumes the stream was stopped for the action
	 * and started again
	 */
	public boolean runWithStreamStopped(String stream, Runnable action) {
		synchronized (this.lifecycleMonitor) {
			String application = this.containerFactory.getSettings().applicationName();
			KinesisListenerContainer current = getListenerContainer(application);
			boolean restart = current != null && isConsuming(application, stream);
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
		this.groups.putAll(ConsumerGroup.create(registered, this.containerFactory));
		String configuredName = this.containerFactory.getSettings().applicationName();
		for (KinesisListenerEndpoint endpoint : registered) {
			ConsumerGroup group = this.groups.get(endpoint.applicationNameOr(configuredName));
			this.listeners.put(endpoint.id(),
					new ListenerHandle(this, endpoint.id(), group.applicationName(), group.streamsOf(endpoint.id()),
							endpoint.autoStartup(), this.containerFactory.getLifecycle(),
							this.containerFactory.getEventPublisher()));
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			this.running = true;
			try {
				boolean started = false;
				for (ConsumerGroup group : this.groups.values()) {
					started |= restart(group);
				}
				if (!started && !this.listeners.isEmpty()) {
					logger.info("No @KinesisListener is running; no Kinesis stream is consumed");
				}
			}
			catch (RuntimeException ex) {
				this.running = false;
				this.groups.values().forEach(ConsumerGroup::stop);
				throw ex;
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			this.running = false;
			this.groups.values().forEach(ConsumerGroup::stop);
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
			logger.info(LogMessage.format("%s listener %s (application %s, streams %s)", run ? "Starting" : "Stopping",
					listener.getId(), listener.getApplicationName(), listener.getStreams()));
			if (this.running) {
				restart(this.groups.get(listener.getApplicationName()));
			}
		}
	}

	private boolean restart(ConsumerGroup group) {
		Set<String> streams = this.listeners.values()
			.stream()
			.filter((listener) -> listener.isWanted() && listener.getApplicationName().equals(group.applicationName()))
			.flatMap((listener) -> listener.getStreams().stream())
			.collect(Collectors.toSet());
		return group.restart(streams);
	}

	boolean isConsuming(ListenerHandle listener) {
		ConsumerGroup group = this.groups.get(listener.getApplicationName());
		return group != null && group.isConsuming(listener.getStreams());
	}

}
