package io.github.kinetic.container;

import java.util.List;

import io.github.kinetic.event.ListenerPausedEvent;
import io.github.kinetic.event.ListenerResumedEvent;
import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.KinesisListenerHandle;
import io.github.kinetic.listener.ListenerShard;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;

/**
 * The {@link KinesisListenerHandle} of one listener, which the registry acts on.
 */
final class ListenerHandle implements KinesisListenerHandle {

	private static final Log logger = LogFactory.getLog(ListenerHandle.class);

	private final KinesisListenerEndpointRegistry registry;

	private final String id;

	private final String applicationName;

	private final List<String> streams;

	private final boolean autoStartup;

	private final ContainerLifecycle lifecycle;

	private final ApplicationEventPublisher events;

	private volatile boolean wanted;

	ListenerHandle(KinesisListenerEndpointRegistry registry, String id, String applicationName, List<String> streams,
			boolean autoStartup, ContainerLifecycle lifecycle, ApplicationEventPublisher events) {
		this.registry = registry;
		this.lifecycle = lifecycle;
		this.events = events;
		this.id = id;
		this.applicationName = applicationName;
		this.streams = List.copyOf(streams);
		this.autoStartup = autoStartup;
		this.wanted = autoStartup;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String getApplicationName() {
		return this.applicationName;
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
		return this.wanted && this.registry.isConsuming(this);
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
		pause(null, null, true);
	}

	@Override
	public void resume() {
		pause(null, null, false);
	}

	@Override
	public boolean isPaused() {
		return this.lifecycle.isPaused(this.id);
	}

	@Override
	public void pause(String stream, String shardId) {
		pause(stream, shardId, true);
	}

	@Override
	public void resume(String stream, String shardId) {
		pause(stream, shardId, false);
	}

	@Override
	public boolean isPaused(String stream, String shardId) {
		return this.lifecycle.isPaused(new ListenerShard(this.id, stream, shardId));
	}

	boolean isWanted() {
		return this.wanted;
	}

	void setWanted(boolean wanted) {
		this.wanted = wanted;
	}

	private void pause(@Nullable String stream, @Nullable String shardId, boolean pause) {
		boolean changed;
		if (stream == null || shardId == null) {
			changed = pause ? this.lifecycle.pause(this.id) : this.lifecycle.resume(this.id);
		}
		else {
			ListenerShard shard = new ListenerShard(this.id, stream, shardId);
			changed = pause ? this.lifecycle.pause(shard) : this.lifecycle.resume(shard);
		}
		if (!changed) {
			return;
		}
		String what = (shardId != null) ? "shard " + stream + "/" + shardId + " of listener" : "listener";
		logger.info(LogMessage.format("%s %s %s", pause ? "Paused" : "Resumed", what, this.id));
		this.events.publishEvent(pause
				? new ListenerPausedEvent(this.registry, this.applicationName, this.id, this.streams, stream, shardId)
				: new ListenerResumedEvent(this.registry, this.applicationName, this.id, this.streams, stream,
						shardId));
	}

}
