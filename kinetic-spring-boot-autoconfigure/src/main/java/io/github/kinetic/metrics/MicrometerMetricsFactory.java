package io.github.kinetic.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.kinesis.metrics.MetricsFactory;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;

/**
 * A KCL {@link MetricsFactory} that records KCL's own metrics with Micrometer, so that
 * they reach whatever registry the application exports to (Prometheus, OTLP, ...) without
 * CloudWatch.
 * <p>
 * A KCL metric named {@code MillisBehindLatest} becomes the meter
 * {@code kcl.millis.behind.latest}: {@code kcl.} and the name split into lower-case
 * words. Every meter has the tags {@code application}, {@code operation}, {@code stream}
 * and {@code shard} ({@code none} where KCL gives no value), so that one name always has
 * the same tag keys. Times become timers; the lease and worker counts
 * ({@code CurrentLeases}, {@code TotalLeases}, {@code ExpiredLeases}, {@code NumWorkers})
 * become gauges of the last value; everything else becomes a distribution summary. Data
 * below the configured {@link MetricsLevel} is dropped.
 *
 */
final class MicrometerMetricsFactory implements MetricsFactory {

	static final String PREFIX = "kcl.";

	static final String NONE = "none";

	private static final Set<String> GAUGES = Set.of("CurrentLeases", "TotalLeases", "ExpiredLeases", "NumWorkers");

	private final MeterRegistry registry;

	private final MetricsLevel level;

	private final String applicationName;

	private final @Nullable String singleStream;

	private final Map<GaugeKey, LastValue> gauges;

	/**
	 * Create a factory.
	 * @param registry the meter registry
	 * @param level the lowest level of KCL metrics to record; {@link MetricsLevel#NONE}
	 * records none
	 * @param applicationName the application name, the value of the {@code application}
	 * tag
	 * @param singleStream the stream of a single-stream application, whose metrics do not
	 * name it; {@code null} in multi-stream mode
	 */
	MicrometerMetricsFactory(MeterRegistry registry, MetricsLevel level, String applicationName,
			@Nullable String singleStream) {
		this(registry, level, applicationName, singleStream, new ConcurrentHashMap<>());
	}

	/**
	 * Create a factory that reports into the given gauges, shared with the factories of
	 * other schedulers (see {@link KclMetricsFactories}).
	 */
	MicrometerMetricsFactory(MeterRegistry registry, MetricsLevel level, String applicationName,
			@Nullable String singleStream, Map<GaugeKey, LastValue> gauges) {
		this.registry = registry;
		this.level = level;
		this.applicationName = applicationName;
		this.singleStream = singleStream;
		this.gauges = gauges;
	}

	@Override
	public MetricsScope createMetrics() {
		return new MicrometerMetricsScope(this);
	}

	boolean isEnabled(MetricsLevel dataLevel) {
		return this.level != MetricsLevel.NONE && dataLevel.getValue() >= this.level.getValue();
	}

	void record(String kclName, double value, StandardUnit unit, Tags dimensionTags) {
		String name = meterName(kclName);
		Tags tags = dimensionTags.and("application", this.applicationName);
		try {
			if (GAUGES.contains(kclName)) {
				this.gauges.computeIfAbsent(new GaugeKey(name, tags), this::registerGauge).value = value;
			}
			else if (unit == StandardUnit.MILLISECONDS || unit == StandardUnit.SECONDS
					|| unit == StandardUnit.MICROSECONDS) {
				this.registry.timer(name, tags).record(Duration.ofNanos(toNanos(value, unit)));
			}
			else {
				DistributionSummary.builder(name)
					.baseUnit(baseUnit(unit))
					.tags(tags)
					.register(this.registry)
					.record(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// KCL used the name with another unit before: keep the first meter
		}
	}

	@Nullable String singleStream() {
		return this.singleStream;
	}

	private LastValue registerGauge(GaugeKey key) {
		LastValue lastValue = new LastValue();
		Gauge.builder(key.name(), lastValue, (current) -> current.value)
			.tags(key.tags())
			.strongReference(true)
			.register(this.registry);
		return lastValue;
	}

	/**
	 * Return the meter name of a KCL metric: {@code kcl.} and its words in lower case,
	 * separated by dots ({@code DataBytesProcessed} to {@code kcl.data.bytes.processed}).
	 * @param kclName the KCL metric name
	 * @return the meter name
	 */
	static String meterName(String kclName) {
		StringBuilder name = new StringBuilder(PREFIX);
		char previous = '.';
		for (char c : kclName.toCharArray()) {
			boolean separator = c == '.' || c == ':' || c == '_' || c == ' ' || c == '-';
			if (separator) {
				c = '.';
			}
			else if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
				name.append('.');
			}
			if (c != '.' || previous != '.') {
				name.append(Character.toLowerCase(c));
			}
			previous = c;
		}
		int end = name.length();
		while (end > PREFIX.length() && name.charAt(end - 1) == '.') {
			end--;
		}
		return name.substring(0, end);
	}

	private static long toNanos(double value, StandardUnit unit) {
		double nanos = switch (unit) {
			case SECONDS -> value * 1_000_000_000d;
			case MICROSECONDS -> value * 1_000d;
			default -> value * 1_000_000d;
		};
		return Math.max(0, Math.round(nanos));
	}

	private static @Nullable String baseUnit(StandardUnit unit) {
		if (unit == StandardUnit.COUNT || unit == StandardUnit.NONE || unit == StandardUnit.UNKNOWN_TO_SDK_VERSION) {
			return null;
		}
		return unit.toString().toLowerCase(Locale.ROOT);
	}

	record GaugeKey(String name, Tags tags) {

	}

	static final class LastValue {

		private volatile double value = Double.NaN;

	}

}
