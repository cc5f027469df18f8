package io.github.kinetic.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping and starting a listener at runtime through the
 * {@link KinesisListenerEndpointRegistry}, with real KCL against the emulators.
 */
class KinesisListenerEndpointRegistryEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static AwsTestClients aws;

	@BeforeAll
	static void startEmulators() {
		aws = new AwsTestClients(LocalAwsEmulators.shared());
	}

	@AfterAll
	static void closeClients() {
		aws.close();
	}

	@Test
	void startsAListenerThatDoesNotStartWithTheApplicationAndStopsAndStartsItReleasingItsLeases() {
		String stream = KineticTestApplications.uniqueName("lifecycle");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> first = IntStream.range(0, 5).mapToObj((i) -> "first-" + i).toList();
		List<String> second = IntStream.range(0, 5).mapToObj((i) -> "second-" + i).toList();
		aws.putRecords(stream, first);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(ControlledListenerConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			ControlledListener listener = context.getBean(ControlledListener.class);
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			KinesisListenerHandle handle = registry.getListener("orders");
			assertThat(handle).isNotNull();
			assertThat(handle.isAutoStartup()).isFalse();
			assertThat(handle.getStreams()).containsExactly(stream);
			assertThat(handle.isRunning()).isFalse();
			assertThat(registry.getListenerContainers()).isEmpty();
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(listener.received).isEmpty());

			handle.start();
			assertThat(handle.isRunning()).isTrue();
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= first.size());
			assertThat(listener.received).containsExactlyElementsOf(first);

			handle.stop();
			assertThat(handle.isRunning()).isFalse();
			assertThat(registry.getListenerContainers()).isEmpty();
			assertThat(leases(application)).isNotEmpty()
				.allSatisfy((lease) -> assertThat(owner(lease)).as("lease owner after stop").isNull());
			aws.putRecords(stream, second);
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(listener.received).hasSize(first.size()));

			handle.start();
			await().atMost(FIRST_DELIVERY).until(() -> listener.received.size() >= first.size() + second.size());
			assertThat(listener.received.subList(first.size(), listener.received.size()))
				.containsExactlyElementsOf(second);
		}
	}

	private static List<Map<String, AttributeValue>> leases(String application) {
		return aws.scan(application).stream().filter((item) -> item.containsKey("checkpoint")).toList();
	}

	private static String owner(Map<String, AttributeValue> lease) {
		AttributeValue owner = lease.get("leaseOwner");
		return (owner != null) ? owner.s() : null;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ControlledListenerConfiguration {

		@Bean
		ControlledListener controlledListener() {
			return new ControlledListener();
		}

	}

	static class ControlledListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "orders", autoStartup = "${test.auto-startup:false}")
		void onBatch(List<String> batch) {
			this.received.addAll(batch);
		}

	}

}
