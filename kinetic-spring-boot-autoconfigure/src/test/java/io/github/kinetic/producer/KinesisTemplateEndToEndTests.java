package io.github.kinetic.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured template puts POJOs on a stream of the Kinesis emulator, and a
 * {@code @KinesisListener} of the same application reads them back as POJOs, with real
 * KCL.
 */
class KinesisTemplateEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void whatTheTemplateSendsAListenerReceivesAsThePojoItWas() {
		String stream = KineticTestApplications.uniqueName("template");
		aws.createStream(stream, 2);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(RoundTripConfiguration.class,
				Map.of("kinetic.application-name", KineticTestApplications.uniqueName("app"), "kinetic.streams[0].name",
						stream, "kinetic.streams[0].start-from.position", "trim-horizon"))) {
			KinesisTemplate template = context.getBean(KinesisTemplate.class);
			// more than one PutRecords call can take
			List<KinesisProducerRecord> records = IntStream.range(0, 620)
				.mapToObj((i) -> new KinesisProducerRecord("customer-" + (i % 17), new Order("order-" + i, i)))
				.toList();
			List<KinesisSendResult> results = template.sendAll(stream, records);
			KinesisSendResult single = template.send(stream, "customer-x", new Order("order-single", 1));
			OrderListener listener = context.getBean(OrderListener.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.orders.size() >= 621);
			List<Order> expected = new ArrayList<>(records.stream().map((record) -> (Order) record.payload()).toList());
			expected.add(new Order("order-single", 1));
			assertThat(listener.orders).containsExactlyInAnyOrderElementsOf(expected);
			List<String> sentAt = new ArrayList<>(
					results.stream().map((result) -> result.shardId() + "/" + result.sequenceNumber()).toList());
			sentAt.add(single.shardId() + "/" + single.sequenceNumber());
			assertThat(listener.readAt).containsExactlyInAnyOrderElementsOf(sentAt);
		}
	}

	record Order(String id, int quantity) {
	}

	static class OrderListener {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		final List<String> readAt = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onOrder(Order order, KinesisRecordContext context) {
			this.orders.add(order);
			this.readAt.add(context.shardId() + "/" + context.sequenceNumber());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RoundTripConfiguration {

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

}
