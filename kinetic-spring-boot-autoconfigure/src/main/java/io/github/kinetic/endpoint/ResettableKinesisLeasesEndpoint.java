package io.github.kinetic.endpoint;

import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lease.KinesisLease;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.settings.ConsumerSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.log.LogMessage;

/**
 * The {@link KinesisLeasesEndpoint} with the operation that resets a stream: it deletes
 * the stream's leases, so that the stream is consumed again from its configured start
 * position. Offered only when {@code kinetic.actuator.lease-reset-enabled} is set.
 * <p>
 * When this worker consumes the stream, its container is stopped first (gracefully:
 * processors checkpoint and leave their leases), and started again once the leases are
 * gone, which creates new leases at the start position. The container runs one KCL
 * scheduler for all the application's streams, so the other streams pause for the
 * restart. Other workers of the application lose the deleted leases at their next
 * renewal; stop them first to be sure none of them writes a checkpoint in between.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class ResettableKinesisLeasesEndpoint extends KinesisLeasesEndpoint {

	private static final Log logger = LogFactory.getLog(ResettableKinesisLeasesEndpoint.class);

	/**
	 * Create an endpoint.
	 * @param settings the consumer settings
	 * @param registry the registry of listener containers
	 * @param leases reads and deletes leases
	 */
	public ResettableKinesisLeasesEndpoint(ConsumerSettings settings, KinesisListenerEndpointRegistry registry,
			KinesisLeases leases) {
		super(settings, registry, leases);
	}

	@DeleteOperation
	public LeaseResetDescriptor resetStream(@Selector String stream) {
		if (!isConfigured(stream) && readLeases().stream().noneMatch((lease) -> lease.stream().equals(stream))) {
			throw new InvalidEndpointRequestException("Stream '" + stream + "' is not configured and has no leases",
					"Unknown stream");
		}
		String table = getSettings().applicationName();
		KinesisLeases leases = leasesOf(getSettings());
		logger.info(LogMessage.format("Resetting the leases of %s in %s", stream, table));
		List<List<String>> deleted = new ArrayList<>(1);
		boolean restarted = getRegistry().runWithStreamStopped(stream, () -> {
			deleted.add(leases.list(stream).stream().map(KinesisLease::leaseKey).toList());
			leases.deleteForStream(stream);
		});
		logger.info(LogMessage.format("Deleted %d leases of %s%s", deleted.get(0).size(), stream,
				restarted ? "; the container was stopped meanwhile" : ""));
		return new LeaseResetDescriptor(stream, deleted.get(0), restarted);
	}

	/**
	 * The outcome of a reset.
	 *
	 * @param stream the stream name
	 * @param deletedLeaseKeys the keys of the deleted leases
	 * @param containerRestarted whether this worker's container was stopped and started
	 * again around the reset
	 */
	public record LeaseResetDescriptor(String stream, List<String> deletedLeaseKeys,
			boolean containerRestarted) implements OperationResponseBody {

	}

}
