package io.github.kinetic.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.KinesisLeasesDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint;
import io.github.kinetic.endpoint.KinesisListenersEndpoint.ListenerDescriptor;
import io.github.kinetic.endpoint.KinesisListenersEndpoint;
import io.github.kinetic.event.ContainerStartedEvent;
import io.github.kinetic.event.ContainerStoppedEvent;
import io.github.kinetic.event.KinesisListenerEvent;
import io.github.kinetic.health.KinesisHealthIndicator;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisListenerHandle;
import io.github.kinetic.metrics.MicrometerListenerObserver;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Listeners of one stream in two consumer groups
 * ({@code @KinesisListener(applicationName)}), with real KCL against the emulators.
 */
class ConsumerGroupsEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final String SHARD = "shardId-000000000000";

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void eachGroupGetsEveryRecordInItsOwnLeaseTableAndStopsWithoutTheOther() {
		String stream = KineticTestApplications.uniqueName("groups");
		String application = KineticTestApplications.uniqueName("app");
		String auditApplication = KineticTestApplications.uniqueName("audit");
		aws.createStream(stream, 1);
		List<String> first = IntStream.range(0, 5).mapToObj((i) -> "first-" + i).toList();
		List<String> second = IntStream.range(0, 5).mapToObj((i) -> "second-" + i).toList();
		aws.putRecords(stream, first);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(GroupsConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon", "test.audit-application",
						auditApplication))) {
			GroupListeners listeners = context.getBean(GroupListeners.class);
			List<KinesisListenerEvent> events = context.getBean(EventCollector.class).events;
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			KinesisListenerHandle main = registry.getListener("main");
			KinesisListenerHandle audit = registry.getListener("audit");
			assertThat(main.getApplicationName()).isEqualTo(application);
			assertThat(audit.getApplicationName()).isEqualTo(auditApplication);
			assertThat(audit.getStreams()).containsExactly(stream);
			await().atMost(FIRST_DELIVERY)
				.until(() -> listeners.main.size() >= first.size() && listeners.audit.size() >= first.size());
			assertThat(listeners.main).containsExactlyElementsOf(first);
			assertThat(listeners.audit).containsExactlyElementsOf(first);
			assertThat(registry.getListenerContainers()).extracting(KinesisListenerContainer::getId)
				.containsExactlyInAnyOrder(application, auditApplication);

			// each group checkpoints in a lease table of its own
			String endOfFirst = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "first-4");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(lease(application).get("checkpoint").s()).isEqualTo(endOfFirst));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(lease(auditApplication).get("checkpoint").s()).isEqualTo(endOfFirst));

			ListenerDescriptor auditDescriptor = new KinesisListenersEndpoint(registry).listener("audit");
			assertThat(auditDescriptor.applicationName()).isEqualTo(auditApplication);
			assertThat(auditDescriptor.state()).isEqualTo(KinesisListenersEndpoint.State.RUNNING);
			assertThat(new KinesisListenersEndpoint(registry).listener("main").applicationName())
				.isEqualTo(application);
			KinesisLeasesEndpoint leasesEndpoint = new KinesisLeasesEndpoint(context.getBean(ConsumerSettings.class),
					registry, context.getBean(KinesisLeases.class).withTimeout(Duration.ofSeconds(10)));
			KinesisLeasesDescriptor auditLeases = leasesEndpoint.leases(auditApplication);
			assertThat(auditLeases.applicationName()).isEqualTo(auditApplication);
			assertThat(auditLeases.leases()).singleElement().satisfies((lease) -> {
				assertThat(lease.shardId()).isEqualTo(SHARD);
				assertThat(lease.ownedByThisWorker()).isTrue();
				assertThat(lease.checkpoint().sequenceNumber()).isEqualTo(endOfFirst);
			});
			assertThat(leasesEndpoint.leases(null).applicationName()).isEqualTo(application);
			assertThat(leasesEndpoint.leases("no-such-group")).isNull();
			Health health = context.getBean("kinesisHealthIndicator", KinesisHealthIndicator.class).health();
			assertThat(health.getDetails()).containsOnlyKeys(application, auditApplication);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Counter auditRecords = meters.find(MicrometerListenerObserver.RECORDS)
				.tags("application", auditApplication, "listener", "audit")
				.counter();
			assertThat(auditRecords).isNotNull();
			assertThat(auditRecords.count()).isEqualTo(first.size());

			KinesisListenerContainer mainContainer = registry.getListenerContainer(application);
			Scheduler mainScheduler = mainContainer.getScheduler();
			long mainLeaseCounter = Long.parseLong(lease(application).get("leaseCounter").n());
			assertThat(startedOrStopped(events, application)).hasSize(1);

			audit.stop();
			assertThat(audit.isRunning()).isFalse();
			assertThat(main.isRunning()).isTrue();
			assertThat(registry.getListenerContainer(auditApplication)).isNull();
			assertThat(registry.getListenerContainer(application)).isSameAs(mainContainer);
			assertThat(mainContainer.getScheduler()).isSameAs(mainScheduler);
			assertThat(mainContainer.isSchedulerRunning()).isTrue();
			assertThat(lease(auditApplication).get("leaseOwner")).as("audit lease owner after stop").isNull();
			assertThat(startedOrStopped(events, auditApplication)).last().isInstanceOf(ContainerStoppedEvent.class);

			aws.putRecords(stream, second);
			await().atMost(FIRST_DELIVERY).until(() -> listeners.main.size() >= first.size() + second.size());
			assertThat(listeners.main.subList(first.size(), listeners.main.size())).containsExactlyElementsOf(second);
			String endOfSecond = StreamContents.sequenceNumberOf(aws.kinesis(), stream, "second-4");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(lease(application).get("checkpoint").s()).isEqualTo(endOfSecond));
			assertThat(Long.parseLong(lease(application).get("leaseCounter").n())).as("main lease renewed")
				.isGreaterThan(mainLeaseCounter);
			assertThat(listeners.audit).containsExactlyElementsOf(first);
			assertThat(lease(auditApplication).get("checkpoint").s()).isEqualTo(endOfFirst);
			// the main group's container ran on: neither stopped nor started again
			assertThat(startedOrStopped(events, application)).singleElement().isInstanceOf(ContainerStartedEvent.class);
			assertThat(mainContainer.getScheduler()).isSameAs(mainScheduler);

			audit.start();
			await().atMost(FIRST_DELIVERY).until(() -> listeners.audit.size() >= first.size() + second.size());
			assertThat(listeners.audit.subList(first.size(), listeners.audit.size())).containsExactlyElementsOf(second);
			assertThat(registry.getListenerContainer(application)).isSameAs(mainContainer);
			assertThat(startedOrStopped(events, application)).hasSize(1);
		}
	}

	@Test
	void groupWithTwoStreamsTracksThemInMultiStreamModeUnderItsOwnName() {
		String orders = KineticTestApplications.uniqueName("orders");
		String payments = KineticTestApplications.uniqueName("payments");
		String application = KineticTestApplications.uniqueName("app");
		String auditApplication = KineticTestApplications.uniqueName("audit");
		aws.createStream(orders, 1);
		aws.createStream(payments, 1);
		List<String> sentOrders = List.of("order-1", "order-2", "order-3");
		List<String> sentPayments = List.of("payment-1", "payment-2", "payment-3");
		aws.putRecords(orders, sentOrders);
		aws.putRecords(payments, sentPayments);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(TwoStreamsConfiguration.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", orders,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.streams[1].name", payments,
						"kinetic.streams[1].start-from.position", "trim-horizon", "test.orders", orders,
						"test.audit-application", auditApplication))) {
			TwoStreamsListeners listeners = context.getBean(TwoStreamsListeners.class);
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			await().atMost(FIRST_DELIVERY).until(() -> listeners.main.size() >= 3 && listeners.audit.size() >= 6);
			assertThat(listeners.main).containsExactlyElementsOf(sentOrders);
			assertThat(listeners.audit).containsAll(sentOrders).containsAll(sentPayments).hasSize(6);

			ConsumerSettings auditSettings = registry.getListenerContainer(auditApplication).getSettings();
			assertThat(auditSettings.multiStream()).isTrue();
			assertThat(auditSettings.streamNames()).containsExactly(orders, payments);
			// the configured group keeps the configured mode: two streams in
			// kinetic.streams
			ConsumerSettings mainSettings = registry.getListenerContainer(application).getSettings();
			assertThat(mainSettings.multiStream()).isTrue();
			assertThat(mainSettings.streamNames()).containsExactly(orders);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(aws.scan(auditApplication)
					.stream()
					.filter((item) -> item.containsKey("checkpoint"))
					.map((item) -> item.get("leaseKey").s())).anyMatch((key) -> key.contains(":" + orders + ":"))
					.anyMatch((key) -> key.contains(":" + payments + ":")));

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(ownedLeases(meters, auditApplication, payments)).isEqualTo(1);
				assertThat(ownedLeases(meters, auditApplication, orders)).isEqualTo(1);
				assertThat(ownedLeases(meters, application, orders)).isEqualTo(1);
				assertThat(meters.find("kcl.records.processed")
					.tags("application", auditApplication, "stream", payments)
					.summaries()
					.stream()
					.mapToDouble((summary) -> summary.totalAmount())
					.sum()).isEqualTo(3);
			});
			assertThat(ownedLeases(meters, application, payments)).isZero();
		}
	}

	@Test
	void refusesTwoListenersOfOneStreamInOneGroupNamingBoth() {
		String stream = KineticTestApplications.uniqueName("groups");
		String application = KineticTestApplications.uniqueName("app");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> KineticTestApplications.run(SameGroupConfiguration.class,
					Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
							"test.audit-application", application)))
			.withMessageContaining("consumes stream '" + stream + "' in application '" + application + "'")
			.withMessageContaining("listener 'audit'")
			.withMessageContaining("listener 'main'");
	}

	private static Map<String, AttributeValue> lease(String application) {
		return aws.scan(application)
			.stream()
			.filter((item) -> item.get("leaseKey").s().equals(SHARD))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No lease of " + SHARD + " in " + application));
	}

	private static double ownedLeases(MeterRegistry meters, String application, String stream) {
		return meters.get("kinetic.leases.owned").tags("application", application, "stream", stream).gauge().value();
	}

	private static List<KinesisListenerEvent> startedOrStopped(List<KinesisListenerEvent> events, String application) {
		return events.stream()
			.filter((event) -> event instanceof ContainerStartedEvent || event instanceof ContainerStoppedEvent)
			.filter((event) -> event.getApplicationName().equals(application))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GroupsConfiguration {

		@Bean
		GroupListeners groupListeners() {
			return new GroupListeners();
		}

		@Bean
		EventCollector eventCollector() {
			return new EventCollector();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SameGroupConfiguration {

		@Bean
		GroupListeners groupListeners() {
			return new GroupListeners();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TwoStreamsConfiguration {

		@Bean
		TwoStreamsListeners twoStreamsListeners() {
			return new TwoStreamsListeners();
		}

	}

	static class TwoStreamsListeners {

		final List<String> main = new CopyOnWriteArrayList<>();

		final List<String> audit = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "main", streams = "${test.orders}")
		void onMain(List<String> batch) {
			this.main.addAll(batch);
		}

		@KinesisListener(id = "audit", applicationName = "${test.audit-application}")
		void onAudit(List<String> batch) {
			this.audit.addAll(batch);
		}

	}

	static class GroupListeners {

		final List<String> main = new CopyOnWriteArrayList<>();

		final List<String> audit = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "main")
		void onMain(List<String> batch) {
			this.main.addAll(batch);
		}

		@KinesisListener(id = "audit", applicationName = "${test.audit-application}")
		void onAudit(List<String> batch) {
			this.audit.addAll(batch);
		}

	}

	static class EventCollector implements ApplicationListener<KinesisListenerEvent> {

		final List<KinesisListenerEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(KinesisListenerEvent event) {
			this.events.add(event);
		}

	}

}
