package io.github.kinetic.metrics;

import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.event.ContainerStartedEvent;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.StreamSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * Binds the {@value #OWNED_LEASES} gauge: how many leases of each stream this worker
 * holds, as its KCL lease coordinator knows, tagged with the application, the stream and
 * the retrieval mode ({@code polling} or {@code fan-out}); and the
 * {@value #BLOCKED_SHARDS} gauge: how many shards wait on a record their listener keeps
 * failing on with no recoverer, tagged with the application. The configured streams of
 * {@code kinetic.application-name} have an owned-leases gauge from the start; the streams
 * of another application name (consumer group) get theirs when its container first
 * starts.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisLeaseMetrics implements MeterBinder, ApplicationListener<ContainerStartedEvent> {

	/** Leases this worker holds. */
	public static final String OWNED_LEASES = "kinetic.leases.owned";

	/** Shards blocked on a record. */
	public static final String BLOCKED_SHARDS = "kinetic.listener.shards.blocked";

	private final ConsumerSettings settings;

	private final KinesisListenerEndpointRegistry registry;

	private volatile @Nullable MeterRegistry meterRegistry;

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
		this.meterRegistry = meterRegistry;
		for (StreamSettings stream : this.settings.streams().all()) {
			register(meterRegistry, this.settings.applicationName(), stream.name());
		}
		Gauge.builder(BLOCKED_SHARDS, this.registry, (listeners) -> listeners.getBlockedShards().size())
			.description("Shards that wait on a record their listener keeps failing on, with no recoverer")
			.tag("application", this.settings.applicationName())
			.strongReference(true)
			.register(meterRegistry);
	}

	@Override
	public void onApplicationEvent(ContainerStartedEvent event) {
		MeterRegistry current = this.meterRegistry;
		if (current != null) {
			event.getStreams().forEach((stream) -> register(current, event.getApplicationName(), stream));
		}
	}

	private void register(MeterRegistry meterRegistry, String application, String stream) {
		if (meterRegistry.find(OWNED_LEASES).tag("application", application).tag("stream", stream).gauge() != null) {
			// Micrometer keeps the first gauge and warns about the second
			return;
		}
		Gauge.builder(OWNED_LEASES, this, (metrics) -> metrics.ownedLeases(application, stream))
			.description("Leases of the stream this worker holds")
			.tag("application", application)
			.tag("stream", stream)
			// every group reads the way the configured application does
			.tag("retrieval", retrievalTag(this.settings.reading().mode()))
			.strongReference(true)
			.register(meterRegistry);
	}

	private static String retrievalTag(RetrievalMode mode) {
		return (mode == RetrievalMode.FAN_OUT) ? "fan-out" : "polling";
	}

	private double ownedLeases(String application, String stream) {
		KinesisListenerContainer container = this.registry.getListenerContainer(application);
		return (container != null)
				? container.getOwnedShards().stream().filter((shard) -> shard.stream().equals(stream)).count() : 0;
	}

}
