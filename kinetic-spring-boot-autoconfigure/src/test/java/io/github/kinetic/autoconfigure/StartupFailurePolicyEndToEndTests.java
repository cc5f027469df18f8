package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.container.ContainerStartupException;
import io.github.kinetic.container.KinesisListenerContainer;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.KinesisListenersEndpoint;
import io.github.kinetic.endpoint.KinesisListenersEndpoint.ListenerDescriptor;
import io.github.kinetic.event.ContainerStartedEvent;
import io.github.kinetic.event.ContainerStartupFailedEvent;
import io.github.kinetic.event.KinesisListenerEvent;
import io.github.kinetic.health.KinesisHealthIndicator;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code kinetic.startup-failure}: a container that cannot reach DynamoDB at startup
 * fails the application, leaves it running with the container failed, or retries until
 * DynamoDB answers, with real KCL against the emulators.
 */
class StartupFailurePolicyEndToEndTests {

	// nothing listens there: the port range of this test class, kept free
	private static final String CLOSED_ENDPOINT = "http://127.0.0.1:47401";

	@Test
	void stopFailsTheApplicationWithAnAnalysisNamingTheContainer() {
		String stream = KineticTestApplications.uniqueName("unreachable");
		String application = KineticTestApplications.uniqueName("app");
		LocalAwsEmulators.shared().createStreams(1, stream);
		List<ContainerStartupFailedEvent> events = new CopyOnWriteArrayList<>();
		Map<String, Object> properties = properties(application, stream);
		properties.put("kinetic.dynamodb.endpoint", CLOSED_ENDPOINT);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(CollectingListenerApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.listeners((ApplicationListener<ContainerStartupFailedEvent>) events::add);

		Throwable failure = catchThrowable(builder::run);

		ContainerStartupException cause = findCause(failure, ContainerStartupException.class);
		assertThat(cause).isNotNull();
		assertThat(cause.getApplicationName()).isEqualTo(application);
		assertThat(cause.getStreams()).containsExactly(stream);
		FailureAnalysis analysis = new ContainerStartupFailureAnalyzer(new StandardEnvironment() {
			{
				getPropertySources().addFirst(new MapPropertySource("test", properties));
			}
		}).analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'" + application + "'", stream,
				"DynamoDB endpoint: " + CLOSED_ENDPOINT, ContainerStartupException.describe(cause.getCause()));
		assertThat(analysis.getAction()).contains("kinetic.startup-failure=continue");
		assertThat(events).singleElement().satisfies((event) -> assertThat(event.getRetryIn()).isNull());
	}

	@Test
	void continueStartsTheApplicationWithTheContainerFailed() {
		String stream = KineticTestApplications.uniqueName("unreachable");
		String application = KineticTestApplications.uniqueName("app");
		LocalAwsEmulators.shared().createStreams(1, stream);
		List<ContainerStartupFailedEvent> events = new CopyOnWriteArrayList<>();
		Map<String, Object> properties = properties(application, stream);
		properties.put("kinetic.dynamodb.endpoint", CLOSED_ENDPOINT);
		properties.put("kinetic.startup-failure", "continue");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CollectingListenerApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.listeners((ApplicationListener<ContainerStartupFailedEvent>) events::add)
			.run()) {
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.getApplicationName()).isEqualTo(application);
				assertThat(event.getRetryIn()).isNull();
				assertThat(event.getSource()).isInstanceOf(KinesisListenerContainer.class);
			});
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainers()).singleElement().satisfies((container) -> {
				assertThat(container.getStartupFailure()).isNotNull();
				assertThat(container.isStartupRetrying()).isFalse();
				assertThat(container.isRunning()).isFalse();
			});
			Health health = context.getBean(KinesisHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason"))
				.contains("The listener container of " + application + " could not start: ");
			ListenerDescriptor listener = context.getBean(KinesisListenersEndpoint.class)
				.listeners()
				.listeners()
				.get(0);
			assertThat(listener.state()).isEqualTo(KinesisListenersEndpoint.State.FAILED);
			// refused, or timed out acquiring a connection when the machine is busy
			assertThat(listener.startupFailure()).contains("Unable to execute HTTP request");
		}
	}

	@Test
	void retryStartsConsumingOnceDynamoDbAnswers() {
		String stream = KineticTestApplications.uniqueName("late");
		String application = KineticTestApplications.uniqueName("app");
		List<KinesisListenerEvent> events = new CopyOnWriteArrayList<>();
		try (LocalAwsEmulators emulators = LocalAwsEmulators.start()) {
			emulators.createStreams(1, stream);
			emulators.stopDynamoDb();
			Map<String, Object> properties = KineticTestApplications.timingProperties();
			properties.putAll(emulators.kineticProperties());
			properties.putAll(properties(application, stream));
			properties.putAll(emulators.kineticProperties());
			properties.put("kinetic.startup-failure", "retry");
			properties.put("kinetic.startup-failure-retry.initial-interval", "500ms");
			properties.put("kinetic.startup-failure-retry.max-interval", "2s");
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
					CollectingListenerApplication.class)
				.web(WebApplicationType.NONE)
				.properties(properties)
				.listeners((ApplicationListener<KinesisListenerEvent>) events::add)
				.run()) {
				KinesisHealthIndicator health = context.getBean(KinesisHealthIndicator.class);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> events.stream().filter(ContainerStartupFailedEvent.class::isInstance).count() >= 2);
				assertThat(events).allSatisfy((event) -> assertThat(event)
					.isInstanceOf(ContainerStartupFailedEvent.class)
					.satisfies(
							(failed) -> assertThat(((ContainerStartupFailedEvent) failed).getRetryIn()).isNotNull()));
				Health down = health.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) down.getDetails().get("reason")).contains("could not start and is retrying");
				assertThat(context.getBean(KinesisListenersEndpoint.class).listeners().listeners()).singleElement()
					.satisfies((listener) -> assertThat(listener.state())
						.isEqualTo(KinesisListenersEndpoint.State.FAILED));

				emulators.startDynamoDb();
				List<String> records = List.of("late-1", "late-2", "late-3");
				await().atMost(Duration.ofMinutes(1))
					.until(() -> events.stream().anyMatch(ContainerStartedEvent.class::isInstance));
				putRecords(emulators, stream, records);
				CollectingListener listener = context.getBean(CollectingListener.class);
				await().atMost(Duration.ofMinutes(3)).until(() -> listener.received.size() >= records.size());
				assertThat(listener.received).containsExactlyElementsOf(records);
				await().atMost(Duration.ofMinutes(1)).until(() -> health.health().getStatus().equals(Status.UP));
			}
		}
	}

	private static Map<String, Object> properties(String application, String stream) {
		Map<String, Object> properties = KineticTestApplications.baseProperties();
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("management.endpoints.web.exposure.include", "health,kinesislisteners");
		return properties;
	}

	private static void putRecords(LocalAwsEmulators emulators, String stream, List<String> records) {
		for (String record : records) {
			emulators.kinesisClient()
				.putRecord((request) -> request.streamName(stream)
					.partitionKey("key")
					.data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(record)))
				.join();
		}
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable cause = failure;
		while (cause != null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			cause = cause.getCause();
		}
		return null;
	}

}
