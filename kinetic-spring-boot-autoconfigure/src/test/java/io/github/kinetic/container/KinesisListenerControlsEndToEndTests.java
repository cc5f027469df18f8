package io.github.kinetic.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processing controls of a listener with real KCL against the emulators, each on its
 * own streams.
 */
class KinesisListenerControlsEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void eachListenerUsesItsOwnFailureSettingsAndFilter() {
		String audited = KineticTestApplications.uniqueName("audited");
		String deadLettered = KineticTestApplications.uniqueName("dead-lettered");
		String deadLetters = KineticTestApplications.uniqueName("own-dead-letters");
		aws.createStream(audited, 1);
		aws.createStream(deadLettered, 1);
		aws.createStream(deadLetters, 1);
		String filtered = KineticTestApplications.uniqueName("filtered");
		aws.createStream(filtered, 1);
		aws.putRecords(filtered, List.of("f-0", "noise-1", "f-2", "noise-3"));
		String application = KineticTestApplications.uniqueName("app");
		aws.putRecords(audited, IntStream.range(0, 6).mapToObj((i) -> (i == 2) ? "poison" : "a-" + i).toList());
		aws.putRecords(deadLettered, IntStream.range(0, 6).mapToObj((i) -> (i == 3) ? "poison" : "d-" + i).toList());
		// The configured back-off waits a minute before a retry: only the listeners' own
		// settings let the poison records reach a recoverer in time.
		try (ConfigurableApplicationContext context = KineticTestApplications.run(FailureSettingsConfiguration.class,
				Map.ofEntries(Map.entry("kinetic.application-name", application),
						Map.entry("kinetic.streams[0].name", audited),
						Map.entry("kinetic.streams[0].start-from.position", "trim-horizon"),
						Map.entry("kinetic.streams[1].name", deadLettered),
						Map.entry("kinetic.streams[1].start-from.position", "trim-horizon"),
						Map.entry("kinetic.streams[2].name", filtered),
						Map.entry("kinetic.streams[2].start-from.position", "trim-horizon"),
						Map.entry("kinetic.listener.back-off.max-attempts", "10"),
						Map.entry("kinetic.listener.back-off.initial-interval", "1m"),
						Map.entry("test.audited", audited), Map.entry("test.dead-lettered", deadLettered),
						Map.entry("test.dead-letters", deadLetters), Map.entry("test.filtered", filtered)))) {
			FailureSettingsListeners listeners = context.getBean(FailureSettingsListeners.class);
			AuditRecoverer recoverer = context.getBean(AuditRecoverer.class);
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(() -> assertThat(listeners.audited).containsExactly("a-0", "a-1", "a-3", "a-4", "a-5"));
			assertThat(listeners.auditedPoisonAttempts).hasValue(3);
			assertThat(recoverer.recovered).singleElement().satisfies((failed) -> {
				assertThat(failed.listenerId()).isEqualTo("audited");
				assertThat(failed.attempts()).isEqualTo(3);
			});
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(
						() -> assertThat(listeners.deadLettered).containsExactly("d-0", "d-1", "d-2", "d-4", "d-5"));
			assertThat(listeners.deadLetteredPoisonAttempts).hasValue(1);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(StreamContents.records(aws.kinesis(), deadLetters)).hasSize(1));
			JsonNode envelope = new JsonMapper().readTree(
					StreamContents.records(aws.kinesis(), deadLetters).get(0).data().asString(StandardCharsets.UTF_8));
			assertThat(envelope.get("listenerId").asString()).isEqualTo("dead-lettered");
			assertThat(envelope.get("sourceStream").asString()).isEqualTo(deadLettered);
			assertThat(recoverer.recovered).hasSize(1);
			// filtered records never reach the listener, are counted, and are
			// checkpointed: the last record of the stream is one of them
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(() -> assertThat(listeners.filtered).containsExactly("f-0", "f-2"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(registry.find("kinetic.listener.records.filtered")
					.tag("stream", filtered)
					.counters()
					.stream()
					.mapToDouble(Counter::count)
					.sum()).isEqualTo(2));
			String lastFiltered = StreamContents.sequenceNumberOf(aws.kinesis(), filtered, "noise-3");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)))
					.containsValue(lastFiltered));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailureSettingsConfiguration {

		@Bean
		FailureSettingsListeners failureSettingsListeners() {
			return new FailureSettingsListeners();
		}

		@Bean
		KinesisRecordFilter noiseFilter() {
			return (record) -> !StandardCharsets.UTF_8.decode(record.data().duplicate()).toString().startsWith("noise");
		}

		@Bean
		AuditRecoverer auditRecoverer() {
			return new AuditRecoverer();
		}

	}

	static class AuditRecoverer implements KinesisRecordRecoverer {

		final List<KinesisFailedRecord> recovered = new CopyOnWriteArrayList<>();

		@Override
		public void recover(KinesisFailedRecord failed) {
			this.recovered.add(failed);
		}

	}

	static class FailureSettingsListeners {

		final List<String> audited = new CopyOnWriteArrayList<>();

		final AtomicInteger auditedPoisonAttempts = new AtomicInteger();

		final List<String> deadLettered = new CopyOnWriteArrayList<>();

		final AtomicInteger deadLetteredPoisonAttempts = new AtomicInteger();

		final List<String> filtered = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "audited", streams = "${test.audited}", maxAttempts = "3",
				backOffInitialInterval = "50ms", backOffMultiplier = "1.5", backOffMaxInterval = "200ms",
				recoverer = "auditRecoverer")
		void onAudited(String record) {
			if (record.equals("poison")) {
				this.auditedPoisonAttempts.incrementAndGet();
				throw new IllegalStateException("poison");
			}
			this.audited.add(record);
		}

		@KinesisListener(id = "filtered", streams = "${test.filtered}", filter = "noiseFilter")
		void onFiltered(String record) {
			this.filtered.add(record);
		}

		@KinesisListener(id = "dead-lettered", streams = "${test.dead-lettered}", maxAttempts = "1",
				deadLetterStream = "${test.dead-letters}")
		void onDeadLettered(String record) {
			if (record.equals("poison")) {
				this.deadLetteredPoisonAttempts.incrementAndGet();
				throw new IllegalStateException("poison");
			}
			this.deadLettered.add(record);
		}

	}

}
