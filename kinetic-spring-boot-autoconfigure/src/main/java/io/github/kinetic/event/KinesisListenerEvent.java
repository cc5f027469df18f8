package io.github.kinetic.event;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * The base of the events of {@code @KinesisListener} consumers. The source is the
 * container (one KCL scheduler and lease table) that published it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public abstract class KinesisListenerEvent extends ApplicationEvent {

	private final String applicationName;

	private final List<String> streams;

	protected KinesisListenerEvent(Object source, String applicationName, List<String> streams) {
		super(source);
		this.applicationName = applicationName;
		this.streams = List.copyOf(streams);
	}

	/**
	 * Return the application name: the consumer group, which names the lease table.
	 * @return the application name
	 */
	public String getApplicationName() {
		return this.applicationName;
	}

	/**
	 * Return the streams the event is about: those of the container, of the listener, or
	 * the one stream of a shard.
	 * @return the stream names
	 */
	public List<String> getStreams() {
		return this.streams;
	}

}
