package io.github.kinetic.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records what listeners do as Micrometer meters, tagged with the application, the
 * listener id and the stream:
 * <ul>
 * <li>{@value #RECORDS} (counter): records the listener processed</li>
 * <li>{@value #BATCHES} (counter): deliveries the listener returned from normally</li>
 * <li>{@value #TIME} (timer, tag {@code outcome} = {@code success} or {@code failure}):
 * time spent in the listener</li>
 * <li>{@value #FAILURES} (counter, tag {@code exception}): deliveries the listener threw
 * on</li>
 * <li>{@value #RETRIES} (counter): deliveries of failed records again</li>
 * <li>{@value #DEAD_LETTERED} (counter): records handed to a recoverer</li>
 * <li>{@value #FILTERED} (counter): records the record filter passed over; they are
 * checkpointed but never reach the listener</li>
 * <li>{@value #EXPIRED} (counter): records older than the listener's maximum record age
 * when due for delivery or a retry, handed to the recoverer or, without one, skipped;
 * they are checkpointed but never reach the listener</li>
 * <li>{@value #MILLIS_BEHIND_LATEST} (gauge, tag {@code shard}, in milliseconds): how far
 * the last batch of each shard this worker holds was behind the tip of the shard; removed
 * when the worker lets the shard go</li>
 * </ul>
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class MicrometerListenerObserver implements ListenerObserver {

	/** Records processed. */
	public static final String RECORDS = "kinetic.listener.records";

	/** Batches processed. */
	public static final String BATCHES = "kinetic.listener.batches";

	/** Time in the listener. */
	public static final String TIME = "kinetic.listener.time";

	/** Listener failures. */
	public static final String FAILURES = "kinetic.listener.failures";

	/** Retried deliveries. */
	public static final String RETRIES = "kinetic.listener.retries";

	/** Dead-lettered records. */
	public static final String DEAD_LETTERED = "kinetic.listener.dead.lettered";

	/** Records the record filter passed over. */
	public static final String FILTERED = "kinetic.listener.records.filtered";

	/** Records older than the maximum record age. */
	public static final String EXPIRED = "kinetic.listener.records.expired";

	/** Blocked records an operator skipped. */
	public static final String SKIPPED = "kinetic.listener.records.skipped";

	/** Milliseconds behind the tip of each shard. */
	public static final String MILLIS_BEHIND_LATEST = "kinetic.shard.millis.behind.latest";

	private final MeterRegistry registry;

	private final Function<String, String> applicationOfListener;

	private final Map<ListenerShard, ShardGauge> gauges = new ConcurrentHashMap<>();

	/**
	 * Create an observer.
	 * @param registry the meter registry
	 * @param applicationName the application name, the value of the {@code application}
	 * tag
	 */
	public MicrometerListenerObserver(MeterRegistry registry, String applicationName) {
		this(registry, (listenerId) -> applicationName);
	}

	/**
	 * Create an observer for listeners of several application names (consumer groups).
	 * @param registry the meter registry
	 * @param applicationOfListener the application name of a listener id, the value of
	 * the {@code application} tag
	 */
	public MicrometerListenerObserver(MeterRegistry registry, Function<String, String> applicationOfListener) {
		this.registry = registry;
		this.applicationOfListener = applicationOfListener;
	}

	@Override
	public void shardStarted(ListenerShard shard) {
		this.gauges.computeIfAbsent(shard, this::registerGauge);
	}

	@Override
	public void batchReceived(ListenerShard shard, int records, @Nullable Long millisBehindLatest) {
		if (millisBehindLatest != null) {
			this.gauges.computeIfAbsent(shard, this::registerGauge).millisBehindLatest = millisBehindLatest;
		}
	}

	@Override
	public void batchProcessed(ListenerShard shard, int records, long nanos) {
		counter(RECORDS, shard).increment(records);
		counter(BATCHES, shard).increment();
		timer(shard, "success").record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void listenerFailed(ListenerShard shard, int recordsProcessed, Throwable failure, long nanos) {
		if (recordsProcessed > 0) {
			counter(RECORDS, shard).increment(recordsProcessed);
		}
		Counter.builder(FAILURES)
			.description("Deliveries the listener threw on")
			.tags(tags(shard))
			.tag("exception", failure.getClass().getSimpleName())
			.register(this.registry)
			.increment();
		timer(shard, "failure").record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void retrying(ListenerShard shard, int attempt, long backOffMillis) {
		counter(RETRIES, shard).increment();
	}

	@Override
	public void deadLettered(ListenerShard shard, int records, Throwable failure) {
		counter(DEAD_LETTERED, shard).increment(records);
	}

	@Override
	public void recordsFiltered(ListenerShard shard, int records) {
		counter(FILTERED, shard).increment(records);
	}

	@Override
	public void recordSkipped(ListenerShard shard, String sequenceNumber) {
		counter(SKIPPED, shard).increment();
	}

	@Override
	public void recordsExpired(ListenerShard shard, int records) {
		counter(EXPIRED, shard).increment(records);
	}

	@Override
	public void shardStopped(ListenerShard shard) {
		ShardGauge gauge = this.gauges.remove(shard);
		if (gauge != null && gauge.gauge != null) {
			this.registry.remove(gauge.gauge);
		}
	}

	private Counter counter(String name, ListenerShard shard) {
		return Counter.builder(name).tags(tags(shard)).register(this.registry);
	}

	private Timer timer(ListenerShard shard, String outcome) {
		return Timer.builder(TIME)
			.description("Time spent in the listener")
			.tags(tags(shard))
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private Tags tags(ListenerShard shard) {
		return Tags.of("application", this.applicationOfListener.apply(shard.listenerId()), "listener",
				shard.listenerId(), "stream", shard.stream());
	}

	private ShardGauge registerGauge(ListenerShard shard) {
		ShardGauge state = new ShardGauge();
		state.gauge = Gauge.builder(MILLIS_BEHIND_LATEST, state, (current) -> current.millisBehindLatest)
			.description("How far the last batch of the shard was behind its tip")
			.baseUnit("milliseconds")
			.tags(tags(shard))
			.tag("shard", shard.shardId())
			.strongReference(true)
			.register(this.registry);
		return state;
	}

	private static final class ShardGauge {

		private volatile double millisBehindLatest = Double.NaN;

		private @Nullable Gauge gauge;

	}

}
