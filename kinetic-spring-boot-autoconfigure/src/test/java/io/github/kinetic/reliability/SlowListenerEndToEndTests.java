package io.github.kinetic.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener slower than the failover time, with real KCL against the emulators: KCL
 * renews the lease on a thread of its own, so a call that outlasts the failover time
 * keeps its shard; every record is delivered once, in order, and checkpointed.
 */
class SlowListenerEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	/** The end-to-end tests' failover time is 2 s; each call takes longer. */
	static final long CALL_MILLIS = 3_000;

	@Test
	void aListenerSlowerThanTheFailoverTimeKeepsItsLeaseAndGetsEveryRecordOnce() {
		String stream = KineticTestApplications.uniqueName("slow");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 4).mapToObj((i) -> "slow-" + i).toList();
		try (ConfigurableApplicationContext context = KineticTestApplications.run(SlowApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.polling.max-records",
						"1"))) {
			SlowListener listener = context.getBean(SlowListener.class);
			// one record per call: four calls of 3 s each, 12 s of failover times over
			sent.forEach((payload) -> aws.putRecords(stream, List.of(payload)));
			await().atMost(Duration.ofMinutes(2)).until(() -> !listener.received.isEmpty());
			String owner = owner(application);
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.received.size() >= sent.size());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(checkpoint(application)).isNotEqualTo("TRIM_HORIZON"));
			assertThat(listener.received).containsExactlyElementsOf(sent);
			assertThat(owner(application)).isEqualTo(owner).isNotNull();
		}
	}

	private static Map<String, AttributeValue> lease(String table) {
		return aws.scan(table)
			.stream()
			.filter((item) -> item.get("leaseKey").s().startsWith("shardId-"))
			.findFirst()
			.orElseThrow();
	}

	private static String owner(String table) {
		AttributeValue owner = lease(table).get("leaseOwner");
		return (owner != null) ? owner.s() : null;
	}

	private static String checkpoint(String table) {
		return lease(table).get("checkpoint").s();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SlowApplication {

		@Bean
		SlowListener slowListener() {
			return new SlowListener();
		}

	}

	static class SlowListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onRecord(String payload) throws InterruptedException {
			Thread.sleep(CALL_MILLIS);
			this.received.add(payload);
		}

	}

}
