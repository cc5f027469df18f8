package io.github.kinetic.endpoint;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.KinesisListenerHandle;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@link KinesisListenersEndpoint} with its write operation, {@code POST
 * /actuator/kinesis-listeners/{id}/{pause|resume|stop|start}}: registered instead of it
 * when {@code kinetic.actuator.listener-control-enabled=true}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Endpoint(id = KinesisListenersEndpoint.ID)
public class ControllableKinesisListenersEndpoint extends KinesisListenersEndpoint {

	/**
	 * Create an endpoint.
	 * @param registry the registry of listeners
	 */
	public ControllableKinesisListenersEndpoint(KinesisListenerEndpointRegistry registry) {
		super(registry);
	}

	/**
	 * Pause, resume, stop or start a listener.
	 * @param id the listener id
	 * @param action {@code pause}, {@code resume}, {@code stop} or {@code start}
	 * @return the listener afterwards, or {@code null} if there is no such listener
	 */
	@WriteOperation
	public @Nullable ListenerDescriptor control(@Selector String id, @Selector String action) {
		KinesisListenerHandle handle = getRegistry().getListener(id);
		if (handle == null) {
			return null;
		}
		switch (action) {
			case "pause" -> handle.pause();
			case "resume" -> handle.resume();
			case "stop" -> handle.stop();
			case "start" -> handle.start();
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use pause, resume, stop or start", "Unknown action");
		}
		return describe(handle);
	}

}
