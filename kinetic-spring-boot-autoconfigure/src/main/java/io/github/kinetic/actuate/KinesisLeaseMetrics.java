package io.github.kinetic.actuate;

import io.github.kinetic.listener.ConsumerSettings;
import io.github.kinetic.listener.KinesisListenerContainer;
import io.github.kinetic.listener.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.StreamSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;

/**
 * Binds the {@value #OWNED_LEASES} gauge: how many leases of each configured stream this
 * worker holds, as its KCL lease coordinator knows, tagged with the application and the
 * stream.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisLeaseMetrics implements MeterBinder {

	/** Leases this worker holds. */
	public static final String OWNED_LEASES = "kinetic.leases.owned";

	private final ConsumerSettings settings;

	private final KinesisListenerEndpointRegistry registry;

	/**
	 * Create a binder.
	 * @param settings the consumer settings
	 * @param registry the registry of listener containers
	 */
	public KinesisLeaseMetrics(ConsumerSettings settings, KinesisListenerEndpointRegistry registry) {
		this.settings = settings;
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		for (StreamSettings stream : this.settings.streams()) {
			Gauge.builder(OWNED_LEASES, this, (metrics) -> metrics.ownedLeases(stream.name()))
				.description("Leases of the stream this worker holds")
				.tag("application", this.settings.applicationName())
				.tag("stream", stream.name())
				.strongReference(true)
				.register(meterRegistry);
		}
	}

	private double ownedLeases(String stream) {
		String singleStream = this.settings.multiStream() ? null : this.settings.streams().get(0).name();
		int owned = 0;
		for (KinesisListenerContainer container : this.registry.getListenerContainers()) {
			Scheduler scheduler = container.getScheduler();
			if (scheduler != null) {
				for (Lease lease : scheduler.leaseCoordinator().getAssignments()) {
					if (AssignedLeases.streamName(lease, singleStream).equals(stream)) {
						owned++;
					}
				}
			}
		}
		return owned;
	}

}
