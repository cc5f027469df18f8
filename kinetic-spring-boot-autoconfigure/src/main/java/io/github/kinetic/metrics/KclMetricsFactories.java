package io.github.kinetic.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.metrics.MetricsFactory;
import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * Makes the {@link MicrometerMetricsFactory} of each KCL scheduler of an application, all
 * reporting into one set of gauges: a scheduler started again (a consumer group
 * restarted) updates the gauges its predecessor registered, which Micrometer would not
 * register a second time.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KclMetricsFactories {

	private final MeterRegistry registry;

	private final MetricsLevel level;

	private final Map<MicrometerMetricsFactory.GaugeKey, MicrometerMetricsFactory.LastValue> gauges = new ConcurrentHashMap<>();

	/**
	 * Create an instance.
	 * @param registry the meter registry
	 * @param level the lowest level of KCL metrics to record
	 */
	public KclMetricsFactories(MeterRegistry registry, MetricsLevel level) {
		this.registry = registry;
		this.level = level;
	}

	/**
	 * Return the factory of one scheduler.
	 * @param applicationName the scheduler's application name
	 * @param singleStream the stream of a single-stream scheduler, {@code null} in
	 * multi-stream mode
	 * @return the factory
	 */
	public MetricsFactory forScheduler(String applicationName, @Nullable String singleStream) {
		return new MicrometerMetricsFactory(this.registry, this.level, applicationName, singleStream, this.gauges);
	}

}
