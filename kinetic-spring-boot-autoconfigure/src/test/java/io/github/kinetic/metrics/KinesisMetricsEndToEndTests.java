package io.github.kinetic.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meters of applications consuming with real KCL against the emulators, in the meter
 * registry Spring Boot auto-configures.
 */
class KinesisMetricsEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void recordsListenerLeaseAndKclMetersWhileConsuming() {
		String stream = KineticTestApplications.uniqueName("metrics");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> sent = IntStream.range(0, 30).mapToObj((i) -> "record-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= sent.size());
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(sumOfCounters(registry, "kinetic.listener.records", application, stream)).isEqualTo(30);
				assertThat(sumOfSummaries(registry, "kcl.records.processed", application, stream)).isEqualTo(30);
				assertThat(registry.get("kinetic.leases.owned")
					.tag("application", application)
					.tag("stream", stream)
					.tag("retrieval", "polling")
					.gauge()
					.value()).isEqualTo(2);
				assertThat(registry.get("kinetic.shard.millis.behind.latest").tag("stream", stream).gauges()).hasSize(2)
					.allSatisfy((gauge) -> assertThat(gauge.value()).isNotNaN().isNotNegative());
			});
			assertThat(sumOfCounters(registry, "kinetic.listener.batches", application, stream)).isPositive();
			assertThat(registry.get("kinetic.listener.time")
				.tag("stream", stream)
				.tag("outcome", "success")
				.timers()
				.stream()
				.mapToLong((timer) -> timer.count())
				.sum()).isPositive();
			assertThat(registry.get("kinetic.listener.records").tag("stream", stream).counters())
				.allSatisfy((counter) -> assertThat(counter.getId().getTag("listener")).isNotBlank());
			assertThat(registry.get("kcl.millis.behind.latest").tag("operation", "ProcessTask").timers()).isNotEmpty();
			assertThat(registry.get("kinetic.shard.millis.behind.latest").tag("stream", stream).gauges())
				.extracting((Gauge gauge) -> gauge.getId().getTag("shard"))
				.containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
		}
	}

	@Test
	void countsTheFailuresAndRetriesOfAFailingListener() {
		String stream = KineticTestApplications.uniqueName("failing");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("a", "b", "c"));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(
				FailingTwiceListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon",
						"kinetic.listener.back-off.initial-interval", "100ms"))) {
			FailingTwiceListener listener = context.getBean(FailingTwiceListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.processed.size() >= 3);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(sumOfCounters(registry, "kinetic.listener.records", application, stream))
							.isEqualTo(3));
			assertThat(registry.get("kinetic.listener.failures")
				.tag("application", application)
				.tag("stream", stream)
				.tag("exception", "IllegalStateException")
				.counter()
				.count()).isEqualTo(2);
			assertThat(sumOfCounters(registry, "kinetic.listener.retries", application, stream)).isEqualTo(2);
			assertThat(registry.get("kinetic.listener.time")
				.tag("stream", stream)
				.tag("outcome", "failure")
				.timer()
				.count()).isEqualTo(2);
		}
	}

	private static double sumOfCounters(MeterRegistry registry, String name, String application, String stream) {
		return registry.find(name)
			.tag("application", application)
			.tag("stream", stream)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static double sumOfSummaries(MeterRegistry registry, String name, String application, String stream) {
		return registry.find(name)
			.tag("application", application)
			.tag("stream", stream)
			.summaries()
			.stream()
			.mapToDouble(DistributionSummary::totalAmount)
			.sum();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingTwiceListenerConfiguration {

		@Bean
		FailingTwiceListener failingTwiceListener() {
			return new FailingTwiceListener();
		}

	}

	static class FailingTwiceListener {

		final AtomicInteger failuresLeft = new AtomicInteger(2);

		final List<String> processed = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onBatch(List<String> batch) {
			if (this.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("simulated failure");
			}
			this.processed.addAll(batch);
		}

	}

}
