package io.github.kinetic.metrics;

import io.github.kinetic.container.ConsumerSettings;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.container.StreamSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the {@value #OWNED_LEASES} gauge: how many leases of each configured stream this
 * worker holds, as its KCL lease coordinator knows, tagged with the application and the
 * stream; and the {@value #BLOCKED_SHARDS} gauge: how many shards wait on a record their
 * listener keeps failing on with no recoverer, tagged with the application.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisLeaseMetrics implements MeterBinder {

	/** Leases this worker holds. */
	public static final String OWNED_LEASES = "kinetic.leases.owned";

	/** Shards blocked on a record. */
	public static final String BLOCKED_SHARDS = "kinetic.listener.shards.blocked";

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
		Gauge.builder(BLOCKED_SHARDS, this.registry, (listeners) -> listeners.getBlockedShards().size())
			.description("Shards that wait on a record their listener keeps failing on, with no recoverer")
			.tag("application", this.settings.applicationName())
			.strongReference(true)
			.register(meterRegistry);
	}

	private double ownedLeases(String stream) {
		return this.registry.getListenerContainers()
			.stream()
			.flatMap((container) -> container.getOwnedShards().stream())
			.filter((shard) -> shard.stream().equals(stream))
			.count();
	}

}
