package io.github.kinetic.container;

import java.util.List;

import io.github.kinetic.listener.KinesisListenerHandle;

/**
 * The {@link KinesisListenerHandle} of one listener, which the registry acts on.
 */
final class ListenerHandle implements KinesisListenerHandle {

	private final KinesisListenerEndpointRegistry registry;

	private final String id;

	private final String applicationName;

	private final List<String> streams;

	private final boolean autoStartup;

	private volatile boolean wanted;

	ListenerHandle(KinesisListenerEndpointRegistry registry, String id, String applicationName, List<String> streams,
			boolean autoStartup) {
		this.registry = registry;
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
