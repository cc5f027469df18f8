package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.List;

import io.github.kinetic.event.ContainerStartedEvent;
import io.github.kinetic.event.ContainerStartupFailedEvent;
import io.github.kinetic.event.ContainerStoppedEvent;
import io.github.kinetic.event.ListenerIdleEvent;
import io.github.kinetic.event.ShardEndedEvent;
import io.github.kinetic.event.ShardLeaseAcquiredEvent;
import io.github.kinetic.event.ShardLeaseLostEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;

/**
 * Publishes the events of one container, with the container as their source. A failing
 * event listener is logged and never breaks the container or a record processor.
 */
final class ContainerEvents {

	private static final Log logger = LogFactory.getLog(ContainerEvents.class);

	private final ApplicationEventPublisher publisher;

	private final Object source;

	private final String applicationName;

	/**
	 * Create the events of a container.
	 * @param publisher publishes the events
	 * @param source the container
	 * @param applicationName the container's application name
	 */
	ContainerEvents(ApplicationEventPublisher publisher, Object source, String applicationName) {
		this.publisher = publisher;
		this.source = source;
		this.applicationName = applicationName;
	}

	void started(List<String> streams, List<String> listenerIds) {
		publish(new ContainerStartedEvent(this.source, this.applicationName, streams, listenerIds));
	}

	void stopped(List<String> streams, List<String> listenerIds) {
		publish(new ContainerStoppedEvent(this.source, this.applicationName, streams, listenerIds));
	}

	void startupFailed(List<String> streams, Throwable failure, @Nullable Duration retryIn) {
		publish(new ContainerStartupFailedEvent(this.source, this.applicationName, streams, failure, retryIn));
	}

	void leaseAcquired(String listenerId, String stream, String shardId) {
		publish(new ShardLeaseAcquiredEvent(this.source, this.applicationName, listenerId, stream, shardId));
	}

	void leaseLost(String listenerId, String stream, String shardId) {
		publish(new ShardLeaseLostEvent(this.source, this.applicationName, listenerId, stream, shardId));
	}

	void shardEnded(String listenerId, String stream, String shardId, List<String> childShardIds) {
		publish(new ShardEndedEvent(this.source, this.applicationName, listenerId, stream, shardId, childShardIds));
	}

	void idle(String listenerId, String stream, String shardId, Duration idleTime) {
		publish(new ListenerIdleEvent(this.source, this.applicationName, listenerId, stream, shardId, idleTime));
	}

	private void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("A listener of %s failed", event), ex);
		}
	}

}
