package io.github.kinetic.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kinetic.container.ContainerSchedulers;
import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code kinesis} health indicator of applications consuming with real KCL against
 * the emulators.
 */
class KinesisHealthIndicatorTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void isUpWithTheShardsThisWorkerOwnsInEachStream() {
		String stream = KineticTestApplications.uniqueName("health");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.worker-id", "worker-h",
						"kinetic.streams[0].name", stream))) {
			KinesisHealthIndicator indicator = context.getBean("kinesisHealthIndicator", KinesisHealthIndicator.class);
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(() -> assertThat(streamDetails(indicator.health(), stream).get("ownedShards"))
					.isEqualTo(List.of("shardId-000000000000", "shardId-000000000001")));
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("applicationName", application)
				.containsEntry("workerId", "worker-h")
				.doesNotContainKey("reason");
			assertThat(streamDetails(health, stream)).containsEntry("status", "ACTIVE");
		}
	}

	@Test
	void isDownWithAReasonWhenTheSchedulerStopsOnItsOwn() {
		String stream = KineticTestApplications.uniqueName("health");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream))) {
			KinesisHealthIndicator indicator = context.getBean("kinesisHealthIndicator", KinesisHealthIndicator.class);
			await().atMost(FIRST_DELIVERY).until(() -> indicator.health().getStatus().equals(Status.UP));
			KinesisListenerContainer container = context.getBean(KinesisListenerEndpointRegistry.class)
				.getListenerContainer(application);
			ContainerSchedulers.schedulerOf(container).shutdown();
			await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason")).asString()
				.isEqualTo("The KCL scheduler of " + application + " is not running");
		}
	}

	@Test
	void isDownWithAReasonWhenDynamoDbAndKinesisAreUnreachable() {
		String stream = KineticTestApplications.uniqueName("health");
		String application = KineticTestApplications.uniqueName("app");
		LocalAwsEmulators emulators = LocalAwsEmulators.start();
		try (AwsTestClients ownAws = new AwsTestClients(emulators)) {
			ownAws.createStream(stream, 1);
			Map<String, Object> properties = new LinkedHashMap<>(KineticTestApplications.baseProperties());
			properties.putAll(emulators.kineticProperties());
			properties.put("kinetic.application-name", application);
			properties.put("kinetic.streams[0].name", stream);
			properties.put("kinetic.shutdown-timeout", "5s");
			properties.put("kinetic.actuator.timeout", "2s");
			SpringApplication app = new SpringApplicationBuilder(CollectingListenerApplication.class)
				.web(WebApplicationType.NONE)
				.properties(properties)
				.build();
			try (ConfigurableApplicationContext context = app.run()) {
				KinesisHealthIndicator indicator = context.getBean("kinesisHealthIndicator",
						KinesisHealthIndicator.class);
				await().atMost(FIRST_DELIVERY).until(() -> indicator.health().getStatus().equals(Status.UP));
				emulators.close();
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("reason")).asString()
					.contains("Lease table " + application + " is unreachable")
					.contains("Stream " + stream + " is unreachable");
			}
		}
		finally {
			emulators.close();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> streamDetails(Health health, String stream) {
		Map<String, Object> streams = (Map<String, Object>) health.getDetails().get("streams");
		return (Map<String, Object>) streams.get(stream);
	}

}
