package io.github.kinetic.listener;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ListenerMethodInvoker}.
 */
class ListenerMethodInvokerTests {

	private final PayloadConverter converter = new DefaultPayloadConverter(
			new JacksonPayloadConverter(JsonMapper.builder().build()));

	private final RecordingListener listener = new RecordingListener();

	@Test
	void deliversBatchOfStrings() throws Exception {
		invoker("onStrings", List.class).invoke(records("a", "b", "c"), 0);
		assertThat(this.listener.calls).containsExactly(List.of("a", "b", "c"));
	}

	@Test
	void deliversBatchOfByteArrays() throws Exception {
		invoker("onByteArrays", List.class).invoke(records("a", "bc"), 0);
		assertThat(this.listener.calls).singleElement()
			.asInstanceOf(InstanceOfAssertFactories.list(byte[].class))
			.containsExactly(utf8("a"), utf8("bc"));
	}

	@Test
	void deliversBatchOfKinesisClientRecords() throws Exception {
		List<KinesisClientRecord> records = records("a", "b");
		invoker("onRecords", List.class).invoke(records, 0);
		assertThat(this.listener.calls).singleElement()
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly(records.get(0), records.get(1));
	}

	@Test
	void deliversBatchOfJsonObjects() throws Exception {
		invoker("onOrders", List.class)
			.invoke(records("{\"id\":\"o-1\",\"quantity\":1}", "{\"id\":\"o-2\",\"quantity\":2}"), 0);
		assertThat(this.listener.calls).containsExactly(List.of(new Order("o-1", 1), new Order("o-2", 2)));
	}

	@Test
	void deliversBatchFromGivenIndex() throws Exception {
		invoker("onStrings", List.class).invoke(records("a", "b", "c"), 1);
		assertThat(this.listener.calls).containsExactly(List.of("b", "c"));
	}

	@Test
	void deliversOneRecordAtATimeInOrder() throws Exception {
		invoker("onString", String.class).invoke(records("a", "b", "c"), 0);
		assertThat(this.listener.calls).containsExactly("a", "b", "c");
	}

	@Test
	void deliversOneRecordAtATimeFromGivenIndex() throws Exception {
		invoker("onString", String.class).invoke(records("a", "b", "c"), 2);
		assertThat(this.listener.calls).containsExactly("c");
	}

	@Test
	void deliversOneJsonObjectAtATime() throws Exception {
		invoker("onOrder", Order.class)
			.invoke(records("{\"id\":\"o-1\",\"quantity\":1}", "{\"id\":\"o-2\",\"quantity\":2}"), 0);
		assertThat(this.listener.calls).containsExactly(new Order("o-1", 1), new Order("o-2", 2));
	}

	// Fails against the current production code. ListenerMethodInvoker.create resolves
	// the parameter with ResolvableType.forMethodParameter(new MethodParameter(method,
	// 0)), which ignores the bean's class, so the T of a listener method declared on a
	// generic superclass (OrderBatchListener extends BatchListener<Order>) stays
	// unresolved and the method is refused as "a List without an element type".
	@Test
	void resolvesElementTypeBoundByListenerSubclass() throws Exception {
		OrderBatchListener orderListener = new OrderBatchListener();
		Method method = ReflectionUtils.findMethod(OrderBatchListener.class, "onBatch", List.class);
		assertThat(method).isNotNull();
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint("orderBatchListener.onBatch", orderListener,
				method, List.of());
		ListenerMethodInvoker.create(endpoint, this.converter).invoke(records("{\"id\":\"o-1\",\"quantity\":1}"), 0);
		assertThat(orderListener.received).containsExactly(new Order("o-1", 1));
	}

	@Test
	void recordModeFailureIndexIsTheRecordTheListenerFailedOn() {
		ListenerMethodInvoker invoker = invoker("onStringFailingOnBoom", String.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker.invoke(records("a", "b", "boom", "d"), 0))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(2);
				assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
					.hasMessage("listener failed on boom");
			});
		assertThat(this.listener.calls).containsExactly("a", "b");
	}

	@Test
	void recordModeFailureIndexCountsFromStartOfBatchWhenResumed() {
		ListenerMethodInvoker invoker = invoker("onStringFailingOnBoom", String.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker.invoke(records("a", "b", "boom", "d"), 1))
			.satisfies((ex) -> assertThat(ex.failedIndex()).isEqualTo(2));
		assertThat(this.listener.calls).containsExactly("b");
	}

	@Test
	void recordModeFailureIndexIsTheRecordThatCouldNotBeConverted() {
		ListenerMethodInvoker invoker = invoker("onOrder", Order.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker
				.invoke(records("{\"id\":\"o-1\",\"quantity\":1}", "not json", "{\"id\":\"o-3\",\"quantity\":3}"), 0))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(1);
				assertThat(ex.getCause()).isInstanceOf(PayloadConversionException.class);
			});
		assertThat(this.listener.calls).containsExactly(new Order("o-1", 1));
	}

	@Test
	void batchModeFailureIndexIsTheFirstRecordDelivered() {
		ListenerMethodInvoker invoker = invoker("onStringsFailing", List.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker.invoke(records("a", "b", "c"), 0))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isZero();
				assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("batch failed");
			});
		assertThat(this.listener.calls).containsExactly(List.of("a", "b", "c"));
	}

	@Test
	void batchModeFailureIndexOfResumedBatchIsItsFirstRecord() {
		ListenerMethodInvoker invoker = invoker("onStringsFailing", List.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker.invoke(records("a", "b", "c"), 2))
			.satisfies((ex) -> assertThat(ex.failedIndex()).isEqualTo(2));
		assertThat(this.listener.calls).containsExactly(List.of("c"));
	}

	@Test
	void batchModeConversionFailureDeliversNothing() {
		ListenerMethodInvoker invoker = invoker("onOrders", List.class);
		assertThatExceptionOfType(ListenerInvocationException.class)
			.isThrownBy(() -> invoker.invoke(records("{\"id\":\"o-1\",\"quantity\":1}", "not json"), 0))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isZero();
				assertThat(ex.getCause()).isInstanceOf(PayloadConversionException.class);
			});
		assertThat(this.listener.calls).isEmpty();
	}

	@Test
	void refusesMethodWithoutParameters() {
		assertInvalid("noParameters", "has 0 parameters");
	}

	@Test
	void refusesMethodWithTwoParameters() {
		assertInvalid("twoParameters", "has 2 parameters", String.class, String.class);
	}

	@Test
	void refusesRawList() {
		assertInvalid("onRawList", "takes a List without an element type", List.class);
	}

	@Test
	void refusesSetOfStrings() {
		assertInvalid("onSet", "a batch must be a List", Set.class);
	}

	@Test
	void refusesJsonTypeWithoutJsonConverter() {
		Method method = method("onOrders", List.class);
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> ListenerMethodInvoker.create(endpoint(method), new DefaultPayloadConverter(null)))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(RecordingListener.class.getName() + ".onOrders");
				assertThat(ex.getReason()).contains("which the payload converter cannot produce");
			});
	}

	private void assertInvalid(String methodName, String problem, Class<?>... parameterTypes) {
		Method method = method(methodName, parameterTypes);
		String description = RecordingListener.class.getName() + "." + methodName;
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> ListenerMethodInvoker.create(endpoint(method), this.converter))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(description);
				assertThat(ex.getReason()).contains(problem);
				assertThat(ex.getMessage()).startsWith("@KinesisListener method " + description + ": ")
					.contains(problem)
					.contains("List<KinesisClientRecord>", "List<String>", "List<byte[]>", "List<T>");
			});
	}

	private ListenerMethodInvoker invoker(String methodName, Class<?>... parameterTypes) {
		return ListenerMethodInvoker.create(endpoint(method(methodName, parameterTypes)), this.converter);
	}

	private KinesisListenerEndpoint endpoint(Method method) {
		return new KinesisListenerEndpoint("recordingListener." + method.getName(), this.listener, method, List.of());
	}

	private static Method method(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(RecordingListener.class, name, parameterTypes);
		assertThat(method).as("method %s%s", name, Arrays.toString(parameterTypes)).isNotNull();
		return method;
	}

	private static List<KinesisClientRecord> records(String... data) {
		List<KinesisClientRecord> records = new ArrayList<>();
		for (int i = 0; i < data.length; i++) {
			records.add(KinesisClientRecord.builder()
				.data(ByteBuffer.wrap(utf8(data[i])))
				.sequenceNumber(String.valueOf(i + 1))
				.partitionKey("k")
				.build());
		}
		return records;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	record Order(String id, int quantity) {

	}

	abstract static class BatchListener<T> {

		final List<T> received = new ArrayList<>();

		void onBatch(List<T> batch) {
			// a cast that fails here if the elements are not really T
			for (T element : batch) {
				this.received.add(cast(element));
			}
		}

		abstract T cast(Object element);

	}

	static class OrderBatchListener extends BatchListener<Order> {

		@Override
		Order cast(Object element) {
			return (Order) element;
		}

	}

	static class RecordingListener {

		final List<Object> calls = new ArrayList<>();

		void onStrings(List<String> batch) {
			this.calls.add(List.copyOf(batch));
		}

		void onByteArrays(List<byte[]> batch) {
			this.calls.add(List.copyOf(batch));
		}

		void onRecords(List<KinesisClientRecord> batch) {
			this.calls.add(List.copyOf(batch));
		}

		void onOrders(List<Order> batch) {
			this.calls.add(List.copyOf(batch));
		}

		void onString(String value) {
			this.calls.add(value);
		}

		void onOrder(Order order) {
			this.calls.add(order);
		}

		void onStringFailingOnBoom(String value) {
			if (value.equals("boom")) {
				throw new IllegalStateException("listener failed on " + value);
			}
			this.calls.add(value);
		}

		void onStringsFailing(List<String> batch) {
			this.calls.add(List.copyOf(batch));
			throw new IllegalStateException("batch failed");
		}

		void noParameters() {
		}

		void twoParameters(String first, String second) {
		}

		@SuppressWarnings("rawtypes")
		void onRawList(List batch) {
		}

		void onSet(Set<String> batch) {
		}

	}

}
