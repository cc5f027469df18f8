package io.github.kinetic.autoconfigure.testcontainers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @KinesisListener} against LocalStack, connected with nothing but
 * {@code @ServiceConnection}. Skipped where there is no Docker.
 */
// @Testcontainers first: its extension then starts the container before the context and
// stops it after @DirtiesContext has closed the context and KCL has released its leases
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = LocalStackServiceConnectionTests.ListenerConfiguration.class,
		properties = { "kinetic.lease.failover-time=2s", "kinetic.polling.idle-time-between-reads=200ms",
				"kinetic.shutdown-timeout=20s", "kinetic.streams[0].start-from.position=trim-horizon" })
@DirtiesContext
class LocalStackServiceConnectionTests {

	// KCL waits up to 30 s on a fresh lease table before its first shard sync
	private static final Duration FIRST_RECORD = Duration.ofMinutes(3);

	private static final String STREAM = KineticTestApplications.uniqueName("orders");

	// 4.14.0 is the last LocalStack release whose image starts without an auth token
	@Container
	@ServiceConnection
	static final LocalStackContainer localstack = new LocalStackContainer(
			DockerImageName.parse("localstack/localstack:4.14.0"))
		.withServices("kinesis", "dynamodb");

	@DynamicPropertySource
	static void listenerProperties(DynamicPropertyRegistry registry) {
		registry.add("kinetic.application-name", () -> KineticTestApplications.uniqueName("localstack"));
		registry.add("kinetic.streams[0].name", () -> STREAM);
	}

	@BeforeAll
	static void createStream() {
		// a producer's own client: the application's clients come from the service
		// connection
		try (KinesisAsyncClient kinesis = KinesisAsyncClient.builder()
			.endpointOverride(localstack.getEndpoint())
			.region(Region.of(localstack.getRegion()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
			.build()) {
			kinesis.createStream((request) -> request.streamName(STREAM).shardCount(1)).join();
			kinesis.waiter().waitUntilStreamExists((request) -> request.streamName(STREAM)).join();
		}
	}

	@Autowired
	private KinesisAsyncClient kinesis;

	@Autowired
	private OrderListener listener;

	@Test
	void listenerReceivesRecordsPutThroughTheServiceConnection() {
		List<String> sent = List.of("order-1", "order-2", "order-3");
		for (String order : sent) {
			this.kinesis.putRecord(
					(request) -> request.streamName(STREAM).partitionKey(order).data(SdkBytes.fromUtf8String(order)))
				.join();
		}
		await().atMost(FIRST_RECORD)
			.untilAsserted(() -> assertThat(this.listener.received).containsExactlyInAnyOrderElementsOf(sent));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ListenerConfiguration {

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

	static class OrderListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onOrder(String order) {
			this.received.add(order);
		}

	}

}
