package io.github.kinetic.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Record;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bisecting on failure with real KCL against the emulators: a batch listener that fails
 * without naming the record has its batch split down to the poison record, which alone
 * uses up the attempts and reaches the recoverer; every other record succeeds once.
 */
class BisectOnFailureEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void narrowsAFailingBatchDownToThePoisonRecord() {
		String stream = KineticTestApplications.uniqueName("bisect");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 16).mapToObj((i) -> (i == 6) ? "poison" : "b-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(BisectingConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			BisectingListener listener = context.getBean(BisectingListener.class);
			CollectingRecoverer recoverer = context.getBean(CollectingRecoverer.class);
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(recoverer.recovered).singleElement().satisfies((failed) -> {
					assertThat(StandardCharsets.UTF_8.decode(failed.record().data().duplicate()).toString())
						.isEqualTo("poison");
					assertThat(failed.attempts()).isEqualTo(2);
				}));
			List<Record> records = StreamContents.records(aws.kinesis(), stream);
			String last = records.get(records.size() - 1).sequenceNumber();
			await().atMost(Duration.ofMinutes(1))
				.untilAsserted(
						() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application))).containsValue(last));
			List<String> others = sent.stream().filter((payload) -> !payload.equals("poison")).toList();
			assertThat(listener.succeeded).containsExactlyInAnyOrderElementsOf(others);
			assertThat(listener.calls).filteredOn((call) -> call.equals(List.of("poison"))).hasSize(2);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BisectingConfiguration {

		@Bean
		BisectingListener bisectingListener() {
			return new BisectingListener();
		}

		@Bean
		CollectingRecoverer collectingRecoverer() {
			return new CollectingRecoverer();
		}

	}

	static class CollectingRecoverer implements KinesisRecordRecoverer {

		final List<KinesisFailedRecord> recovered = new CopyOnWriteArrayList<>();

		@Override
		public void recover(KinesisFailedRecord failed) {
			this.recovered.add(failed);
		}

	}

	static class BisectingListener {

		final List<List<String>> calls = new CopyOnWriteArrayList<>();

		final List<String> succeeded = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "bisecting", bisectOnFailure = "true", maxAttempts = "2",
				backOffInitialInterval = "100ms")
		void onBatch(List<String> records) {
			this.calls.add(List.copyOf(records));
			if (records.contains("poison")) {
				throw new IllegalStateException("cannot process a batch with poison");
			}
			this.succeeded.addAll(records);
		}

	}

}
