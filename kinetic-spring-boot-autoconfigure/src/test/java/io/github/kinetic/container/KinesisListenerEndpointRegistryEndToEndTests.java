package io.github.kinetic.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisListenerHandle;
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
 * Stopping and starting a listener at runtime through the
 * {@link KinesisListenerEndpointRegistry}, with real KCL against the emulators.
 */
class KinesisListenerEndpointRegistryEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

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

	@Test
	void stopsOneOfTwoListenersWhileTheOtherGoesOnConsuming() {
		String orders = KineticTestApplications.uniqueName("orders");
		String payments = KineticTestApplications.uniqueName("payments");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(orders, 1);
		aws.createStream(payments, 1);
		aws.putRecords(orders, List.of("order-1"));
		aws.putRecords(payments, List.of("payment-1"));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(TwoListenersConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", orders,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.streams[1].name", payments,
						"kinetic.streams[1].start-from.position", "trim-horizon", "test.orders", orders,
						"test.payments", payments))) {
			TwoListeners listeners = context.getBean(TwoListeners.class);
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			await().atMost(FIRST_DELIVERY).until(() -> listeners.orders.size() == 1 && listeners.payments.size() == 1);

			String paymentCheckpoint = StreamContents.sequenceNumberOf(aws.kinesis(), payments, "payment-1");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(checkpoints(application, payments)).containsExactly(paymentCheckpoint));
			registry.getListener("payments").stop();
			assertThat(registry.getListener("payments").isRunning()).isFalse();
			assertThat(registry.getListener("orders").isRunning()).isTrue();
			aws.putRecords(orders, List.of("order-2"));
			aws.putRecords(payments, List.of("payment-2"));
			await().atMost(FIRST_DELIVERY).until(() -> listeners.orders.size() == 2);
			assertThat(listeners.orders).containsExactly("order-1", "order-2");
			assertThat(listeners.payments).containsExactly("payment-1");
			// KCL 3 may hand this worker the stopped stream's lease again (its lease
			// assignment deals out every lease of the table): it is then held idle, and
			// its
			// checkpoint stays where the listener left it
			assertThat(checkpoints(application, payments)).containsExactly(paymentCheckpoint);

			registry.getListener("payments").start();
			await().atMost(FIRST_DELIVERY).until(() -> listeners.payments.size() == 2);
			assertThat(listeners.payments).containsExactly("payment-1", "payment-2");
			assertThat(listeners.orders).containsExactly("order-1", "order-2");
		}
	}

	private static List<Map<String, AttributeValue>> leases(String application) {
		return aws.scan(application).stream().filter((item) -> item.containsKey("checkpoint")).toList();
	}

	private static List<String> checkpoints(String application, String stream) {
		return leases(application).stream()
			.filter((lease) -> lease.get("leaseKey").s().contains(":" + stream + ":"))
			.map((lease) -> lease.get("checkpoint").s())
			.toList();
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

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TwoListenersConfiguration {

		@Bean
		TwoListeners twoListeners() {
			return new TwoListeners();
		}

	}

	static class TwoListeners {

		final List<String> orders = new CopyOnWriteArrayList<>();

		final List<String> payments = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "orders", streams = "${test.orders}")
		void onOrders(List<String> batch) {
			this.orders.addAll(batch);
		}

		@KinesisListener(id = "payments", streams = "${test.payments}")
		void onPayments(List<String> batch) {
			this.payments.addAll(batch);
		}

	}

}
