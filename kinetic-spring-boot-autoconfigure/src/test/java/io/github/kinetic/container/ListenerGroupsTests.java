package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.StreamSettings;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConsumerGroup.ListenerGroups}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerGroupsTests {

	private final ConsumerGroup.ListenerGroups groups = new ConsumerGroup.ListenerGroups(
			settings(true, "orders", "payments"));

	@Test
	void listenerWithoutStreamsTakesEveryConfiguredStream() {
		KinesisListenerEndpoint all = endpoint("onOrders", null);
		assertThat(streamsOf(this.groups.group(List.of(all)), "orders-app")).containsExactly(Map.entry("orders", all),
				Map.entry("payments", all));
	}

	@Test
	void listenersTakeTheStreamsTheyName() {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint payments = endpoint("onPayments", null, "payments");
		assertThat(streamsOf(this.groups.group(List.of(orders, payments)), "orders-app"))
			.containsExactly(Map.entry("orders", orders), Map.entry("payments", payments));
	}

	@Test
	void listenersWithoutApplicationNameShareTheConfiguredOne() {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint payments = endpoint("onPayments", "orders-app", "payments");
		Map<String, ConsumerGroup.ListenerGroups.Group> grouped = this.groups.group(List.of(orders, payments));
		assertThat(grouped).containsOnlyKeys("orders-app");
		ConsumerGroup.ListenerGroups.Group group = grouped.get("orders-app");
		assertThat(group.settings().streamNames()).containsExactly("orders", "payments");
		assertThat(group.settings().multiStream()).isTrue();
		assertThat(streamsTakenBy(group, payments)).containsExactly("payments");
	}

	@Test
	void eachApplicationNameIsAGroupWithItsOwnSettings() {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint audit = endpoint("onPayments", "audit", "orders");
		Map<String, ConsumerGroup.ListenerGroups.Group> grouped = this.groups.group(List.of(orders, audit));
		assertThat(grouped).containsOnlyKeys("orders-app", "audit");
		ConsumerGroup.ListenerGroups.Group auditGroup = grouped.get("audit");
		assertThat(auditGroup.applicationName()).isEqualTo("audit");
		assertThat(auditGroup.settings().applicationName()).isEqualTo("audit");
		assertThat(auditGroup.settings().streamNames()).containsExactly("orders");
		assertThat(auditGroup.settings().workerId()).isEqualTo("worker-1");
		assertThat(auditGroup.endpointsByStream()).containsExactly(Map.entry("orders", audit));
		assertThat(grouped.get("orders-app").endpointsByStream()).containsExactly(Map.entry("orders", orders));
	}

	@Test
	void defaultGroupKeepsTheConfiguredLeaseTrackingMode() {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint audit = endpoint("onPayments", "audit", "payments");
		Map<String, ConsumerGroup.ListenerGroups.Group> grouped = this.groups.group(List.of(orders, audit));
		assertThat(grouped.get("orders-app").settings().multiStream()).isTrue();
		assertThat(grouped.get("audit").settings().multiStream()).isFalse();
		ConsumerGroup.ListenerGroups singleStream = new ConsumerGroup.ListenerGroups(settings(false, "orders"));
		assertThat(singleStream.group(List.of(endpoint("onOrders", null))).get("orders-app").settings().multiStream())
			.isFalse();
	}

	@Test
	void otherGroupIsMultiStreamWithTwoOrMoreStreams() {
		KinesisListenerEndpoint audit = endpoint("onPayments", "audit");
		ConsumerGroup.ListenerGroups.Group group = this.groups.group(List.of(audit)).get("audit");
		assertThat(group.settings().streamNames()).containsExactly("orders", "payments");
		assertThat(group.settings().multiStream()).isTrue();
	}

	@Test
	void streamTakenInAnotherGroupIsNotReportedAsUnconsumed(CapturedOutput output) {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint audit = endpoint("onPayments", "audit", "payments");
		this.groups.group(List.of(orders, audit));
		assertThat(output).doesNotContain("no @KinesisListener consumes it");
	}

	@Test
	void leavesOutAndWarnsAboutStreamNoListenerTakes(CapturedOutput output) {
		KinesisListenerEndpoint orders = endpoint("onOrders", null, "orders");
		assertThat(streamsOf(this.groups.group(List.of(orders)), "orders-app"))
			.containsExactly(Map.entry("orders", orders));
		assertThat(output).contains(
				"Stream 'payments' is configured in kinetic.streams but no @KinesisListener consumes it; it is not consumed");
	}

	@Test
	void refusesListenerNamingUnconfiguredStream() {
		KinesisListenerEndpoint refunds = endpoint("onOrders", "audit", "refunds");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.groups.group(List.of(refunds)))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(Listeners.class.getName() + ".onOrders");
				assertThat(ex.getReason()).isEqualTo(
						"consumes stream 'refunds', which is not in kinetic.streams (configured: [orders, payments])");
			});
	}

	@Test
	void refusesTwoListenersOnTheSameStreamInTheSameGroup() {
		KinesisListenerEndpoint first = endpoint("onOrders", null, "orders");
		KinesisListenerEndpoint second = endpoint("onPayments", null, "payments", "orders");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.groups.group(List.of(first, second)))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(Listeners.class.getName() + ".onPayments");
				assertThat(ex.getReason()).contains("(listener 'listeners.onPayments') consumes stream 'orders'")
					.contains("in application 'orders-app'")
					.contains("listener 'listeners.onOrders' (" + Listeners.class.getName() + ".onOrders)")
					.contains("@KinesisListener(applicationName = ...)");
			});
	}

	@Test
	void refusesTwoListenersOnTheSameStreamInTheSameNamedGroup() {
		KinesisListenerEndpoint first = endpoint("onOrders", "audit", "orders");
		KinesisListenerEndpoint second = endpoint("onPayments", "audit", "orders");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.groups.group(List.of(first, second)))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("consumes stream 'orders' in application 'audit'")
				.contains("listener 'listeners.onOrders'"));
	}

	@Test
	void refusesTwoListenersThatBothTakeEveryStream() {
		KinesisListenerEndpoint first = endpoint("onOrders", null);
		KinesisListenerEndpoint second = endpoint("onPayments", null);
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.groups.group(List.of(first, second)))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("consumes stream 'orders'"));
	}

	@Test
	void acceptsTwoListenersThatBothTakeEveryStreamInDifferentGroups() {
		KinesisListenerEndpoint first = endpoint("onOrders", null);
		KinesisListenerEndpoint second = endpoint("onPayments", "audit");
		Map<String, ConsumerGroup.ListenerGroups.Group> grouped = this.groups.group(List.of(first, second));
		assertThat(streamsTakenBy(grouped.get("orders-app"), first)).containsExactly("orders", "payments");
		assertThat(streamsTakenBy(grouped.get("audit"), second)).containsExactly("orders", "payments");
	}

	private static Map<String, KinesisListenerEndpoint> streamsOf(
			Map<String, ConsumerGroup.ListenerGroups.Group> grouped, String application) {
		assertThat(grouped).containsKey(application);
		return grouped.get(application).endpointsByStream();
	}

	private static List<String> streamsTakenBy(ConsumerGroup.ListenerGroups.Group group,
			KinesisListenerEndpoint endpoint) {
		return group.endpointsByStream()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == endpoint)
			.map(Map.Entry::getKey)
			.toList();
	}

	private static KinesisListenerEndpoint endpoint(String methodName, @Nullable String applicationName,
			String... streams) {
		Method method = ReflectionUtils.findMethod(Listeners.class, methodName, List.class);
		assertThat(method).isNotNull();
		return new KinesisListenerEndpoint("listeners." + methodName, new Listeners(), method, List.of(streams), null,
				true, KinesisListenerEndpoint.FailureSettings.NONE, null, null, applicationName);
	}

	private static ConsumerSettings settings(boolean multiStream, String... streams) {
		List<StreamSettings> streamSettings = Arrays.stream(streams)
			.map((name) -> new StreamSettings(name,
					InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST)))
			.toList();
		return new ConsumerSettings("orders-app", "worker-1", new ConsumerSettings.Streams(streamSettings, multiStream),
				new ConsumerSettings.Leases(Duration.ofSeconds(10)),
				ConsumerSettings.Reading.polling(10000, Duration.ofSeconds(1), "orders-app"), Duration.ofSeconds(20),
				false);
	}

	static class Listeners {

		void onOrders(List<String> batch) {
		}

		void onPayments(List<String> batch) {
		}

	}

}
