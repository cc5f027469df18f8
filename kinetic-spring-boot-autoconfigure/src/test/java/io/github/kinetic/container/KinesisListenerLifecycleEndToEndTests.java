package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.event.ContainerStartedEvent;
import io.github.kinetic.event.ContainerStoppedEvent;
import io.github.kinetic.event.KinesisListenerEvent;
import io.github.kinetic.event.ListenerIdleEvent;
import io.github.kinetic.event.ListenerPausedEvent;
import io.github.kinetic.event.ListenerResumedEvent;
import io.github.kinetic.event.ShardLeaseAcquiredEvent;
import io.github.kinetic.listener.KinesisListenerHandle;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application events, and pausing and resuming a listener, with real KCL against the
 * emulators.
 */
class KinesisListenerLifecycleEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final String SHARD = "shardId-000000000000";

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void publishesEventsAndPausesAndResumesAListenerWhileKeepingItsLease() {
		String stream = KineticTestApplications.uniqueName("lifecycle");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> first = IntStream.range(0, 3).mapToObj((i) -> "first-" + i).toList();
		List<String> second = IntStream.range(0, 3).mapToObj((i) -> "second-" + i).toList();
		aws.putRecords(stream, first);
		List<KinesisListenerEvent> events;
		try (ConfigurableApplicationContext context = KineticTestApplications.run(LifecycleApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon",
						"kinetic.listener.idle-event-interval", "1s"))) {
			Telescope telescope = context.getBean(Telescope.class);
			events = context.getBean(EventCollector.class).events;
			KinesisListenerHandle handle = context.getBean(KinesisListenerEndpointRegistry.class)
				.getListener("telescope");
			assertThat(handle).isNotNull();
			await().atMost(FIRST_DELIVERY).until(() -> telescope.received.size() >= first.size());
			assertThat(telescope.received).containsExactlyElementsOf(first);
			assertThat(eventsOf(events, ContainerStartedEvent.class)).singleElement().satisfies((started) -> {
				assertThat(started.getApplicationName()).isEqualTo(application);
				assertThat(started.getStreams()).containsExactly(stream);
				assertThat(started.getListenerIds()).containsExactly("telescope");
			});
			assertThat(eventsOf(events, ShardLeaseAcquiredEvent.class)).singleElement().satisfies((acquired) -> {
				assertThat(acquired.getApplicationName()).isEqualTo(application);
				assertThat(acquired.getListenerId()).isEqualTo("telescope");
				assertThat(acquired.getStream()).isEqualTo(stream);
				assertThat(acquired.getShardId()).isEqualTo(SHARD);
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> !eventsOf(events, ListenerIdleEvent.class).isEmpty());
			ListenerIdleEvent idle = eventsOf(events, ListenerIdleEvent.class).get(0);
			assertThat(idle.getListenerId()).isEqualTo("telescope");
			assertThat(idle.getShardId()).isEqualTo(SHARD);
			assertThat(idle.getIdleTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

			String checkpoint = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "first-2");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> checkpoint.equals(lease(application).get("checkpoint").s()));
			String owner = lease(application).get("leaseOwner").s();
			long counterBeforePause = Long.parseLong(lease(application).get("leaseCounter").n());

			handle.pause();
			assertThat(handle.isPaused()).isTrue();
			assertThat(handle.isPaused(stream, SHARD)).isTrue();
			assertThat(eventsOf(events, ListenerPausedEvent.class)).singleElement().satisfies((paused) -> {
				assertThat(paused.getListenerId()).isEqualTo("telescope");
				assertThat(paused.getApplicationName()).isEqualTo(application);
				assertThat(paused.getStreams()).containsExactly(stream);
				assertThat(paused.getShardId()).isNull();
			});
			aws.putRecords(stream, second);
			// three times the failover time: another worker could have taken an expired
			// lease by then
			await().during(Duration.ofSeconds(6))
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(telescope.received).hasSize(first.size()));
			Map<String, AttributeValue> paused = lease(application);
			assertThat(paused.get("checkpoint").s()).as("checkpoint while paused").isEqualTo(checkpoint);
			assertThat(paused.get("leaseOwner").s()).as("lease owner while paused").isEqualTo(owner);
			assertThat(Long.parseLong(paused.get("leaseCounter").n())).as("lease renewed while paused")
				.isGreaterThan(counterBeforePause);

			handle.resume();
			assertThat(handle.isPaused()).isFalse();
			assertThat(eventsOf(events, ListenerResumedEvent.class)).hasSize(1);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> telescope.received.size() >= first.size() + second.size());
			List<String> all = new ArrayList<>(first);
			all.addAll(second);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(telescope.received).containsExactlyElementsOf(all));
		}
		assertThat(eventsOf(events, ContainerStoppedEvent.class)).singleElement()
			.satisfies((stopped) -> assertThat(stopped.getApplicationName()).isEqualTo(application));
	}

	private static Map<String, AttributeValue> lease(String application) {
		return aws.scan(application)
			.stream()
			.filter((item) -> item.get("leaseKey").s().equals(SHARD))
			.findFirst()
			.orElseThrow();
	}

	private static <E> List<E> eventsOf(List<KinesisListenerEvent> events, Class<E> type) {
		return events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LifecycleApplication {

		@Bean
		Telescope telescope() {
			return new Telescope();
		}

		@Bean
		EventCollector eventCollector() {
			return new EventCollector();
		}

	}

	static class Telescope {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "telescope")
		void onBatch(List<String> batch) {
			this.received.addAll(batch);
		}

	}

	static class EventCollector {

		final List<KinesisListenerEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(KinesisListenerEvent event) {
			this.events.add(event);
		}

	}

}
