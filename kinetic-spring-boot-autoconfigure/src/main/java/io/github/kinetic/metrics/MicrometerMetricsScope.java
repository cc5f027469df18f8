package io.github.kinetic.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.kinetic.lease.StreamIdentifiers;
import io.micrometer.core.instrument.Tags;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;
import software.amazon.kinesis.metrics.MetricsUtil;

/**
 * One KCL metrics scope: data of the same name add up, as KCL expects, and are recorded
 * when the scope ends, with the dimensions it collected by then.
 */
final class MicrometerMetricsScope implements MetricsScope {

	private static final String STREAM_ID = MetricsUtil.STREAM_IDENTIFIER;

	private final MicrometerMetricsFactory factory;

	private final Map<String, String> dimensions = new LinkedHashMap<>();

	private final Map<String, Datum> data = new LinkedHashMap<>();

	private boolean ended;

	MicrometerMetricsScope(MicrometerMetricsFactory factory) {
		this.factory = factory;
	}

	@Override
	public void addData(String name, double value, StandardUnit unit) {
		addData(name, value, unit, MetricsLevel.DETAILED);
	}

	@Override
	public synchronized void addData(String name, double value, StandardUnit unit, MetricsLevel level) {
		if (this.ended || !this.factory.isEnabled(level)) {
			return;
		}
		this.data.merge(name, new Datum(value, unit), (previous, added) -> new Datum(previous.value() + value, unit));
	}

	@Override
	public synchronized void addDimension(String name, String value) {
		if (!this.ended) {
			this.dimensions.put(name, value);
		}
	}

	@Override
	public void end() {
		Map<String, Datum> recorded;
		Tags tags;
		synchronized (this) {
			if (this.ended) {
				return;
			}
			this.ended = true;
			if (this.data.isEmpty()) {
				return;
			}
			recorded = Map.copyOf(this.data);
			tags = tags();
		}
		recorded.forEach((name, datum) -> this.factory.record(name, datum.value(), datum.unit(), tags));
	}

	private Tags tags() {
		return Tags.of("operation",
				this.dimensions.getOrDefault(MetricsUtil.OPERATION_DIMENSION_NAME, MicrometerMetricsFactory.NONE),
				"stream", stream(), "shard",
				this.dimensions.getOrDefault(MetricsUtil.SHARD_ID_DIMENSION_NAME, MicrometerMetricsFactory.NONE));
	}

	private String stream() {
		String streamId = this.dimensions.get(STREAM_ID);
		if (streamId != null) {
			return StreamIdentifiers.streamName(streamId);
		}
		String singleStream = this.factory.singleStream();
		return (singleStream != null) ? singleStream : MicrometerMetricsFactory.NONE;
	}

	private record Datum(double value, StandardUnit unit) {

	}

}
