package io.github.kinetic.usage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.EmbeddedKinesis;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's test of a {@code @KinesisListener} with nothing but
 * {@link EmbeddedKinesis @EmbeddedKinesis}: no endpoint, region or credentials property,
 * no Docker.
 */
@SpringBootTest(properties = { "kinetic.application-name=orders-test", "kinetic.streams[0].name=orders",
		"kinetic.streams[0].start-from.position=trim-horizon", "kinetic.lease.failover-time=2s",
		"kinetic.polling.idle-time-between-reads=200ms" })
@EmbeddedKinesis(streams = "orders", shards = 2)
@DirtiesContext
class EmbeddedKinesisUsageTests {

	@Autowired
	private OrdersListener listener;

	@Test
	void listenerReceivesAnOrder() {
		LocalAwsEmulators.shared()
			.kinesisClient()
			.putRecord((request) -> request.streamName("orders")
				.partitionKey("order-1")
				.data(SdkBytes.fromUtf8String("order-1")))
			.join();
		await().atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(this.listener.received).contains("order-1"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OrdersApplication {

		@Bean
		OrdersListener ordersListener() {
			return new OrdersListener();
		}

	}

	static class OrdersListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(streams = "orders")
		void onOrder(String order) {
			this.received.add(order);
		}

	}

}
