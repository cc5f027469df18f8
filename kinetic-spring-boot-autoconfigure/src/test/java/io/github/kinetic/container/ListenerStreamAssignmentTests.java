package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.InvalidListenerMethodException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ListenerStreamAssignment}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerStreamAssignmentTests {

	private final ListenerStreamAssignment assignment = new ListenerStreamAssignment(settings("orders", "payments"));

	@Test
	void listenerWithoutStreamsTakesEveryConfiguredStream() {
		KinesisListenerEndpoint all = endpoint("onOrders");
		assertThat(this.assignment.assign(List.of(all))).containsExactly(Map.entry("orders", all),
				Map.entry("payments", all));
	}

	@Test
	void listenersTakeTheStreamsTheyName() {
		KinesisListenerEndpoint orders = endpoint("onOrders", "orders");
		KinesisListenerEndpoint payments = endpoint("onPayments", "payments");
		assertThat(this.assignment.assign(List.of(orders, payments))).containsExactly(Map.entry("orders", orders),
				Map.entry("payments", payments));
	}

	@Test
	void leavesOutAndWarnsAboutStreamNoListenerTakes(CapturedOutput output) {
		KinesisListenerEndpoint orders = endpoint("onOrders", "orders");
		assertThat(this.assignment.assign(List.of(orders))).containsExactly(Map.entry("orders", orders));
		assertThat(output).contains(
				"Stream 'payments' is configured in kinetic.streams but no @KinesisListener consumes it; it is not consumed");
	}

	@Test
	void refusesListenerNamingUnconfiguredStream() {
		KinesisListenerEndpoint refunds = endpoint("onOrders", "refunds");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.assignment.assign(List.of(refunds)))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(Listeners.class.getName() + ".onOrders");
				assertThat(ex.getReason()).isEqualTo(
						"consumes stream 'refunds', which is not in kinetic.streams (configured: [orders, payments])");
			});
	}

	@Test
	void refusesTwoListenersOnTheSameStream() {
		KinesisListenerEndpoint first = endpoint("onOrders", "orders");
		KinesisListenerEndpoint second = endpoint("onPayments", "payments", "orders");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.assignment.assign(List.of(first, second)))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(Listeners.class.getName() + ".onPayments");
				assertThat(ex.getReason()).contains("consumes stream 'orders'")
					.contains(Listeners.class.getName() + ".onOrders");
			});
	}

	@Test
	void refusesTwoListenersThatBothTakeEveryStream() {
		KinesisListenerEndpoint first = endpoint("onOrders");
		KinesisListenerEndpoint second = endpoint("onPayments");
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.assignment.assign(List.of(first, second)))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("consumes stream 'orders'"));
	}

	private static KinesisListenerEndpoint endpoint(String methodName, String... streams) {
		Method method = ReflectionUtils.findMethod(Listeners.class, methodName, List.class);
		assertThat(method).isNotNull();
		return new KinesisListenerEndpoint("listeners." + methodName, new Listeners(), method, List.of(streams));
	}

	private static ConsumerSettings settings(String... streams) {
		List<StreamSettings> streamSettings = Arrays.stream(streams)
			.map((name) -> new StreamSettings(name,
					InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST)))
			.toList();
		return new ConsumerSettings("orders-app", streamSettings, streams.length > 1, "worker-1",
				Duration.ofSeconds(10), 10000, Duration.ofSeconds(1), Duration.ofSeconds(20),
				BillingMode.PAY_PER_REQUEST, Map.of(), false, null, MissingStreamsPolicy.FAIL, Duration.ofSeconds(10),
				false);
	}

	static class Listeners {

		void onOrders(List<String> batch) {
		}

		void onPayments(List<String> batch) {
		}

	}

}
