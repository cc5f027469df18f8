package io.github.kinetic.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.BatchListenerFailedException;
import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
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
 * Listener failures with real KCL against the emulators: dead-lettering, partial batch
 * failures and redelivery after a restart in the middle of a retry.
 */
class KinesisListenerFailuresEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final String SHARD = "shardId-000000000000";

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deadLettersAPoisonRecordAndAnUnreadableOneWithTheirMetadataWhileTheirNeighboursAreProcessed() {
		String stream = KineticTestApplications.uniqueName("poison");
		String deadLetters = KineticTestApplications.uniqueName("dead-letters");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.createStream(deadLetters, 1);
		List<String> sent = new ArrayList<>();
		IntStream.range(0, 10).forEach((i) -> sent.add("{\"id\":\"o-" + i + "\",\"amount\":" + i + "}"));
		sent.set(4, "{\"id\":\"poison\",\"amount\":4}");
		sent.set(7, "{\"id\":");
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(PoisonListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.listener.dead-letter.stream",
						deadLetters, "kinetic.listener.back-off.max-attempts", "3",
						"kinetic.listener.back-off.initial-interval", "100ms"))) {
			PoisonListener listener = context.getBean(PoisonListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.processed.size() >= 8);
			assertThat(listener.processed).extracting(Order::id)
				.containsExactly("o-0", "o-1", "o-2", "o-3", "o-5", "o-6", "o-8", "o-9");
			assertThat(listener.poisonAttempts).hasValue(3);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(StreamContents.records(aws.kinesis(), deadLetters)).hasSize(2));
			List<JsonNode> envelopes = StreamContents.records(aws.kinesis(), deadLetters)
				.stream()
				.map((record) -> new JsonMapper().readTree(record.data().asString(StandardCharsets.UTF_8)))
				.toList();
			List<Record> source = StreamContents.records(aws.kinesis(), stream);
			JsonNode poison = envelopes.get(0);
			assertThat(poison.get("sourceStream").asString()).isEqualTo(stream);
			assertThat(poison.get("shardId").asString()).isEqualTo(SHARD);
			assertThat(poison.get("sequenceNumber").asString()).isEqualTo(source.get(4).sequenceNumber());
			assertThat(poison.get("exceptionClass").asString()).isEqualTo(IllegalArgumentException.class.getName());
			assertThat(poison.get("exceptionMessage").asString()).isEqualTo("order poison cannot be processed");
			assertThat(poison.get("attempts").asInt()).isEqualTo(3);
			assertThat(poison.get("conversionFailure").asBoolean()).isFalse();
			assertThat(decode(poison)).isEqualTo(sent.get(4));
			JsonNode unreadable = envelopes.get(1);
			assertThat(unreadable.get("sequenceNumber").asString()).isEqualTo(source.get(7).sequenceNumber());
			assertThat(unreadable.get("exceptionClass").asString())
				.isEqualTo(PayloadConversionException.class.getName());
			assertThat(unreadable.get("attempts").asInt()).isEqualTo(1);
			assertThat(unreadable.get("conversionFailure").asBoolean()).isTrue();
			assertThat(decode(unreadable)).isEqualTo("{\"id\":");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values())
					.containsExactly(source.get(source.size() - 1).sequenceNumber()));
		}
	}

	@Test
	void checkpointsTheRecordsBeforeTheIndexABatchListenerFailedAtAndResumesFromIt() {
		String stream = KineticTestApplications.uniqueName("partial");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 10).mapToObj((i) -> "event-" + i).toList();
		aws.putRecords(stream, sent);
		String beforeFailed = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "event-3");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(
				PartialFailureListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon",
						"kinetic.listener.back-off.initial-interval", "300ms"))) {
			PartialFailureListener listener = context.getBean(PartialFailureListener.class);
			// the second call records the call, then reads the lease table
			await().atMost(FIRST_DELIVERY).until(() -> !listener.checkpointsSeenOnRetry.isEmpty());
			assertThat(listener.calls.get(0)).isEqualTo(sent);
			assertThat(listener.calls.get(1)).isEqualTo(sent.subList(4, 10));
			assertThat(listener.checkpointsSeenOnRetry).singleElement()
				.satisfies((checkpoints) -> assertThat(checkpoints.values()).containsExactly(beforeFailed));
		}
	}

	@Test
	void deliversTheFailedBatchAgainAfterTheContextIsClosedMidRetryAndStartedAgain() {
		String stream = KineticTestApplications.uniqueName("restart");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 10).mapToObj((i) -> "event-" + i).toList();
		aws.putRecords(stream, sent);
		Map<String, Object> properties = Map.of("kinetic.application-name", application, "kinetic.streams[0].name",
				stream, "kinetic.streams[0].start-from.position", "trim-horizon",
				"kinetic.listener.back-off.initial-interval", "500ms");
		List<String> firstAttempt;
		try (ConfigurableApplicationContext context = KineticTestApplications
			.run(AlwaysFailingListenerConfiguration.class, properties)) {
			AlwaysFailingListener listener = context.getBean(AlwaysFailingListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.attempts.size() >= 2);
			firstAttempt = listener.attempts.get(0);
			assertThat(firstAttempt).isNotEmpty();
		}
		assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)).values()).containsOnly("TRIM_HORIZON");
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				properties)) {
			CollectingListener listener = context.getBean(CollectingListener.class);
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= sent.size());
			assertThat(listener.received).containsExactlyElementsOf(sent);
			assertThat(listener.received.subList(0, firstAttempt.size())).isEqualTo(firstAttempt);
		}
	}

	private static String decode(JsonNode envelope) {
		return new String(Base64.getDecoder().decode(envelope.get("data").asString()), StandardCharsets.UTF_8);
	}

	record Order(String id, int amount) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PoisonListenerConfiguration {

		@Bean
		PoisonListener poisonListener() {
			return new PoisonListener();
		}

	}

	static class PoisonListener {

		final List<Order> processed = new CopyOnWriteArrayList<>();

		final AtomicInteger poisonAttempts = new AtomicInteger();

		@KinesisListener
		void onOrder(Order order) {
			if (order.id().equals("poison")) {
				this.poisonAttempts.incrementAndGet();
				throw new IllegalArgumentException("order poison cannot be processed");
			}
			this.processed.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PartialFailureListenerConfiguration {

		@Bean
		PartialFailureListener partialFailureListener(ConsumerSettings settings) {
			return new PartialFailureListener(settings.applicationName());
		}

	}

	static class PartialFailureListener {

		final String leaseTable;

		final List<List<String>> calls = new CopyOnWriteArrayList<>();

		final List<Map<String, String>> checkpointsSeenOnRetry = new CopyOnWriteArrayList<>();

		PartialFailureListener(String leaseTable) {
			this.leaseTable = leaseTable;
		}

		@KinesisListener
		void onBatch(List<String> batch) {
			this.calls.add(List.copyOf(batch));
			if (this.calls.size() == 1) {
				throw new BatchListenerFailedException(batch.indexOf("event-4"),
						new IllegalStateException("event-4 failed"));
			}
			if (this.calls.size() == 2) {
				this.checkpointsSeenOnRetry.add(LeaseTableAssertions.checkpoints(aws.scan(this.leaseTable)));
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AlwaysFailingListenerConfiguration {

		@Bean
		AlwaysFailingListener alwaysFailingListener() {
			return new AlwaysFailingListener();
		}

	}

	static class AlwaysFailingListener {

		final List<List<String>> attempts = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onBatch(List<String> batch) {
			this.attempts.add(List.copyOf(batch));
			throw new IllegalStateException("downstream unavailable");
		}

	}

}
