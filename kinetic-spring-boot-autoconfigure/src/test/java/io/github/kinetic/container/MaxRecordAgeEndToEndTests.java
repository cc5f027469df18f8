package io.github.kinetic.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The maximum record age with real KCL against the emulators: records older than it when
 * the listener starts reach the recoverer as expired, or are skipped and counted without
 * one; records that are not are delivered.
 */
class MaxRecordAgeEndToEndTests {

	private static final Duration MAX_AGE = Duration.ofSeconds(15);

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final List<String> OLD = List.of("old-0", "old-1", "old-2", "old-3", "old-4");

	private static final List<String> FRESH = List.of("fresh-0", "fresh-1", "fresh-2");

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void expiredRecordsGoToTheRecovererOrAreSkippedAndTheOthersAreDelivered() {
		String recovered = KineticTestApplications.uniqueName("aged-recovered");
		String skipped = KineticTestApplications.uniqueName("aged-skipped");
		String deadLetters = KineticTestApplications.uniqueName("aged-dead-letters");
		aws.createStream(recovered, 1);
		aws.createStream(skipped, 1);
		aws.createStream(deadLetters, 1);
		aws.putRecords(recovered, OLD);
		aws.putRecords(skipped, OLD);
		// not an assertion: the old records must be past the age before any consumer
		// sees them
		Instant lastArrival = lastArrival(recovered).isAfter(lastArrival(skipped)) ? lastArrival(recovered)
				: lastArrival(skipped);
		await().atMost(MAX_AGE.multipliedBy(2))
			.until(() -> Instant.now().isAfter(lastArrival.plus(MAX_AGE).plusSeconds(1)));
		String application = KineticTestApplications.uniqueName("app");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(AgedListenersConfiguration.class,
				Map.ofEntries(Map.entry("kinetic.application-name", application),
						Map.entry("kinetic.streams[0].name", recovered),
						Map.entry("kinetic.streams[0].start-from.position", "trim-horizon"),
						Map.entry("kinetic.streams[1].name", skipped),
						Map.entry("kinetic.streams[1].start-from.position", "trim-horizon"),
						Map.entry("kinetic.listener.max-record-age", MAX_AGE.toString()),
						Map.entry("test.max-age", MAX_AGE.toSeconds() + "s"), Map.entry("test.recovered", recovered),
						Map.entry("test.skipped", skipped), Map.entry("test.dead-letters", deadLetters)))) {
			AgedListeners listeners = context.getBean(AgedListeners.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// the listener with a recoverer (a dead-letter stream) and the property's age
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(
						() -> assertThat(StreamContents.records(aws.kinesis(), deadLetters)).hasSize(OLD.size()));
			JsonMapper json = new JsonMapper();
			List<JsonNode> envelopes = StreamContents.records(aws.kinesis(), deadLetters)
				.stream()
				.map((record) -> json.readTree(record.data().asString(StandardCharsets.UTF_8)))
				.toList();
			assertThat(envelopes).allSatisfy((envelope) -> {
				assertThat(envelope.get("reason").asString()).isEqualTo("expired");
				assertThat(envelope.get("listenerId").asString()).isEqualTo("recovered");
				assertThat(envelope.get("attempts").asInt()).isZero();
			});
			assertThat(envelopes)
				.extracting((envelope) -> new String(Base64.getDecoder().decode(envelope.get("data").asString()),
						StandardCharsets.UTF_8))
				.containsExactlyElementsOf(OLD);
			// the listener without a recoverer and its own age: skipped, counted,
			// checkpointed
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(() -> assertThat(expiredCount(registry, skipped)).isEqualTo(OLD.size()));
			String lastOld = StreamContents.sequenceNumberOf(aws.kinesis(), skipped, "old-4");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)))
					.containsValue(lastOld));
			assertThat(expiredCount(registry, recovered)).isEqualTo(OLD.size());
			assertThat(listeners.recovered).isEmpty();
			assertThat(listeners.skipped).isEmpty();
			aws.putRecords(recovered, FRESH);
			aws.putRecords(skipped, FRESH);
			await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
				assertThat(listeners.recovered).containsExactlyElementsOf(FRESH);
				assertThat(listeners.skipped).containsExactlyElementsOf(FRESH);
			});
			assertThat(StreamContents.records(aws.kinesis(), deadLetters)).hasSize(OLD.size());
		}
	}

	private static Instant lastArrival(String stream) {
		return StreamContents.records(aws.kinesis(), stream)
			.stream()
			.map(Record::approximateArrivalTimestamp)
			.max(Comparator.naturalOrder())
			.orElseThrow();
	}

	private static double expiredCount(MeterRegistry registry, String stream) {
		return registry.find("kinetic.listener.records.expired")
			.tag("stream", stream)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AgedListenersConfiguration {

		@Bean
		AgedListeners agedListeners() {
			return new AgedListeners();
		}

	}

	static class AgedListeners {

		final List<String> recovered = new CopyOnWriteArrayList<>();

		final List<String> skipped = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "recovered", streams = "${test.recovered}", deadLetterStream = "${test.dead-letters}")
		void onRecovered(List<String> records) {
			this.recovered.addAll(records);
		}

		@KinesisListener(id = "skipped", streams = "${test.skipped}", maxRecordAge = "${test.max-age}")
		void onSkipped(String record) {
			this.skipped.add(record);
		}

	}

}
