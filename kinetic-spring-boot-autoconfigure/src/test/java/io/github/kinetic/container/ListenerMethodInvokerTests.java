package io.github.kinetic.container;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.BatchListenerFailedException;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
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
			new JacksonPayloadConverter(new JsonMapper()));

	private final RecordingProgress progress = new RecordingProgress();

	@Test
	void deliversABatchOfStringsInOneCall() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "strings", CheckpointMode.BATCH), TestRecords.batch("a", "b", "c"), 0,
				this.progress);
		assertThat(listeners.calls).containsExactly(List.of("a", "b", "c"));
		assertThat(this.progress.processed).containsExactly(2);
	}

	@Test
	void deliversSingleRecordsInShardOrderAndReportsEachAsProcessed() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "string", CheckpointMode.BATCH), TestRecords.batch("a", "b", "c"), 1, this.progress);
		assertThat(listeners.calls).containsExactly("b", "c");
		assertThat(this.progress.processed).containsExactly(1, 2);
	}

	@Test
	void readsJsonIntoTheListenersElementType() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "orders", CheckpointMode.BATCH),
				TestRecords.batch("{\"id\":\"o-1\",\"amount\":3}", "{\"id\":\"o-2\",\"amount\":5}"), 0, this.progress);
		assertThat(listeners.calls).containsExactly(List.of(new Order("o-1", 3), new Order("o-2", 5)));
	}

	@Test
	void passesTheBatchContextOfTheDeliveredRecords() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "withBatchContext", CheckpointMode.BATCH), TestRecords.batch("a", "b", "c"), 1,
				this.progress);
		KinesisBatchContext context = (KinesisBatchContext) listeners.calls.get(1);
		assertThat(context.streamName()).isEqualTo(TestRecords.STREAM);
		assertThat(context.shardId()).isEqualTo(TestRecords.SHARD);
		assertThat(context.firstSequenceNumber()).isEqualTo("101");
		assertThat(context.lastSequenceNumber()).isEqualTo("102");
		assertThat(context.records()).hasSize(2);
		assertThat(context.millisBehindLatest()).isEqualTo(42L);
		assertThat(context.approximateArrivalTimestamp())
			.isEqualTo(context.records().get(0).approximateArrivalTimestamp());
	}

	@Test
	void passesTheRecordContextBeforeOrAfterThePayload() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "contextFirst", CheckpointMode.BATCH), TestRecords.batch("a"), 0, this.progress);
		KinesisRecordContext context = (KinesisRecordContext) listeners.calls.get(0);
		assertThat(listeners.calls.get(1)).isEqualTo("a");
		assertThat(context.sequenceNumber()).isEqualTo("100");
		assertThat(context.partitionKey()).isEqualTo("key-100");
		assertThat(context.subSequenceNumber()).isZero();
		assertThat(context.approximateArrivalTimestamp()).isNotNull();
	}

	@Test
	void setsMdcKeysWhileTheListenerRuns() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "mdc", CheckpointMode.BATCH), TestRecords.batch("a", "b"), 0, this.progress);
		assertThat(listeners.calls).containsExactly(Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, "100",
				KinesisListenerMdc.LAST_SEQUENCE_NUMBER, "101"));
		assertThat(MDC.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER)).isNull();
	}

	@Test
	void setsEachRecordsOwnMdcKeysForASingleRecordListenerAndRemovesThemAfterTheRange() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "mdcPerRecord", CheckpointMode.BATCH), TestRecords.batch("a", "b", "c"), 0,
				this.progress);
		assertThat(listeners.calls).containsExactly(
				Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, "100", KinesisListenerMdc.LAST_SEQUENCE_NUMBER, "100"),
				Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, "101", KinesisListenerMdc.LAST_SEQUENCE_NUMBER, "101"),
				Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, "102", KinesisListenerMdc.LAST_SEQUENCE_NUMBER,
						"102"));
		assertThat(MDC.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER)).isNull();
		assertThat(MDC.get(KinesisListenerMdc.LAST_SEQUENCE_NUMBER)).isNull();
	}

	@Test
	void removesTheMdcKeysWhenASingleRecordListenerFails() {
		Listeners listeners = new Listeners();
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker(listeners, "mdcThenFails", CheckpointMode.BATCH),
					TestRecords.batch("a", "b"), 0, this.progress));
		assertThat(MDC.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER)).isNull();
		assertThat(MDC.get(KinesisListenerMdc.LAST_SEQUENCE_NUMBER)).isNull();
	}

	@Test
	void mapsTheIndexOfABatchListenerFailedExceptionToTheBatchAndReportsTheRecordsBefore() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "failsAtIndexOne", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b", "c", "d"), 1, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(2);
				assertThat(ex.isSingleRecord()).isTrue();
				assertThat(ex.getCause()).hasMessage("bad c");
			});
		assertThat(this.progress.processed).containsExactly(1);
	}

	@Test
	void failsTheRestOfTheBatchWhenABatchListenerThrowsWithoutAnIndex() {
		ListenerMethodInvoker invoker = invoker(new Listeners(), "failsBatch", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b"), 0, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isZero();
				assertThat(ex.isSingleRecord()).isFalse();
				assertThat(ex.isConversionFailure()).isFalse();
			});
		assertThat(this.progress.processed).isEmpty();
	}

	@Test
	void deliversTheRecordsBeforeAnUnconvertibleRecordThenReportsItAsAConversionFailure() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "orders", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(
					() -> deliver(invoker,
							TestRecords.batch("{\"id\":\"o-1\",\"amount\":1}", "not json",
									"{\"id\":\"o-3\",\"amount\":3}"),
							0, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(1);
				assertThat(ex.isConversionFailure()).isTrue();
			});
		assertThat(listeners.calls).containsExactly(List.of(new Order("o-1", 1)));
		assertThat(this.progress.processed).containsExactly(0);
	}

	@Test
	void refusesDataThatIsNotUtf8ForAStringListener() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "string", CheckpointMode.BATCH);
		ShardBatch batch = new ShardBatch(TestRecords.STREAM, TestRecords.SHARD,
				List.of(TestRecords.record(1, new byte[] { (byte) 0xC3, (byte) 0x28 })), null);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, batch, 0, this.progress))
			.satisfies((ex) -> assertThat(ex.isConversionFailure()).isTrue());
		assertThat(listeners.calls).isEmpty();
	}

	@Test
	void checkpointsThroughTheContextInManualMode() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "checkpointsFirst", CheckpointMode.MANUAL), TestRecords.batch("a", "b"), 0,
				this.progress);
		assertThat(this.progress.checkpointed).containsExactly(0, 1);
	}

	@Test
	void refusesContextCheckpointsOutsideManualMode() {
		ListenerMethodInvoker invoker = invoker(new Listeners(), "checkpointsFirst", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b"), 0, this.progress))
			.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("MANUAL"));
		assertThat(this.progress.checkpointed).isEmpty();
	}

	@Test
	void resolvesTheElementTypeASubclassBindsForAMethodOfAGenericSuperclass() throws Exception {
		OrderListener listener = new OrderListener();
		Method method = findMethod(GenericListener.class, "onBatch");
		deliver(ListenerMethodInvoker.create(new KinesisListenerEndpoint("orders", listener, method, List.of()),
				this.converter, CheckpointMode.BATCH), TestRecords.batch("{\"id\":\"o-1\",\"amount\":1}"), 0,
				this.progress);
		assertThat(listener.received).containsExactly(new Order("o-1", 1));
	}

	@Test
	void deliversABatchOfByteArrays() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "byteArrays", CheckpointMode.BATCH), TestRecords.batch("a", "bc"), 0, this.progress);
		assertThat(listeners.calls).singleElement()
			.asInstanceOf(InstanceOfAssertFactories.list(byte[].class))
			.containsExactly(utf8("a"), utf8("bc"));
	}

	@Test
	void deliversABatchOfTheKinesisClientRecordsAsReceived() throws Exception {
		Listeners listeners = new Listeners();
		ShardBatch batch = TestRecords.batch("a", "b");
		deliver(invoker(listeners, "records", CheckpointMode.BATCH), batch, 0, this.progress);
		assertThat(listeners.calls).singleElement()
			.asInstanceOf(InstanceOfAssertFactories.list(KinesisClientRecord.class))
			.satisfiesExactly((first) -> assertThat(first).isSameAs(batch.get(0)),
					(second) -> assertThat(second).isSameAs(batch.get(1)));
	}

	@Test
	void deliversABatchFromTheGivenIndex() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "strings", CheckpointMode.BATCH), TestRecords.batch("a", "b", "c"), 1,
				this.progress);
		assertThat(listeners.calls).containsExactly(List.of("b", "c"));
		assertThat(this.progress.processed).containsExactly(2);
	}

	@Test
	@SuppressWarnings("unchecked")
	void handsEveryBatchListenerAListItCannotChange() throws Exception {
		Listeners listeners = new Listeners();
		ShardBatch batch = TestRecords.batch("a", "b", "c");
		deliver(invoker(listeners, "records", CheckpointMode.BATCH), batch, 0, this.progress);
		deliver(invoker(listeners, "records", CheckpointMode.BATCH), batch, 1, this.progress);
		deliver(invoker(listeners, "strings", CheckpointMode.BATCH), batch, 0, this.progress);
		assertThat(listeners.calls).hasSize(3);
		List<KinesisClientRecord> records = (List<KinesisClientRecord>) listeners.calls.get(0);
		List<KinesisClientRecord> resumed = (List<KinesisClientRecord>) listeners.calls.get(1);
		List<String> strings = (List<String>) listeners.calls.get(2);
		assertThat(records).containsExactlyElementsOf(batch.records());
		assertThat(resumed).containsExactly(batch.get(1), batch.get(2));
		assertThat(strings).containsExactly("a", "b", "c");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(records::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> resumed.remove(0));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> strings.add("d"));
		assertThat(batch.records()).hasSize(3);
	}

	@Test
	void passesACheckedExceptionOfTheListenerOnAsItWasThrown() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "throwsChecked", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b"), 0, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isZero();
				assertThat(ex.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("cannot write a");
			});
		assertThat(this.progress.processed).isEmpty();
	}

	@Test
	void callsAPrivateListenerMethod() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "privateString", CheckpointMode.BATCH), TestRecords.batch("a", "b"), 0,
				this.progress);
		assertThat(listeners.calls).containsExactly("a", "b");
	}

	@Test
	void readsJsonIntoTheListenersTypeOneRecordAtATimeInShardOrder() throws Exception {
		Listeners listeners = new Listeners();
		deliver(invoker(listeners, "order", CheckpointMode.BATCH),
				TestRecords.batch("{\"id\":\"o-1\",\"amount\":1}", "{\"id\":\"o-2\",\"amount\":2}"), 0, this.progress);
		assertThat(listeners.calls).containsExactly(new Order("o-1", 1), new Order("o-2", 2));
		assertThat(this.progress.processed).containsExactly(0, 1);
	}

	@Test
	void failsASingleRecordListenerAtTheRecordItThrewOnAfterReportingTheRecordsBefore() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "failsOnBoom", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b", "boom", "d"), 0, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(2);
				assertThat(ex.isSingleRecord()).isTrue();
				assertThat(ex.isConversionFailure()).isFalse();
				assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
					.hasMessage("listener failed on boom");
			});
		assertThat(listeners.calls).containsExactly("a", "b");
		assertThat(this.progress.processed).containsExactly(0, 1);
	}

	@Test
	void countsTheFailedIndexOfASingleRecordListenerFromTheStartOfTheBatchWhenResumed() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "failsOnBoom", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b", "boom", "d"), 1, this.progress))
			.satisfies((ex) -> assertThat(ex.failedIndex()).isEqualTo(2));
		assertThat(listeners.calls).containsExactly("b");
		assertThat(this.progress.processed).containsExactly(1);
	}

	@Test
	void stopsASingleRecordListenerAtAnUnconvertibleRecordAndReportsItAsAConversionFailure() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "order", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(
					() -> deliver(invoker,
							TestRecords.batch("{\"id\":\"o-1\",\"amount\":1}", "not json",
									"{\"id\":\"o-3\",\"amount\":3}"),
							0, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(1);
				assertThat(ex.isConversionFailure()).isTrue();
				assertThat(ex.getCause()).isInstanceOf(PayloadConversionException.class);
			});
		assertThat(listeners.calls).containsExactly(new Order("o-1", 1));
		assertThat(this.progress.processed).containsExactly(0);
	}

	@Test
	void failsAResumedBatchFromItsFirstDeliveredRecordWhenTheListenerThrowsWithoutAnIndex() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "recordsThenFails", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("a", "b", "c"), 2, this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isEqualTo(2);
				assertThat(ex.isSingleRecord()).isFalse();
				assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("batch failed");
			});
		assertThat(listeners.calls).containsExactly(List.of("c"));
		assertThat(this.progress.processed).isEmpty();
	}

	@Test
	void callsNoBatchListenerWhenTheFirstRecordCannotBeConverted() {
		Listeners listeners = new Listeners();
		ListenerMethodInvoker invoker = invoker(listeners, "orders", CheckpointMode.BATCH);
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker, TestRecords.batch("not json", "{\"id\":\"o-2\",\"amount\":2}"), 0,
					this.progress))
			.satisfies((ex) -> {
				assertThat(ex.failedIndex()).isZero();
				assertThat(ex.isConversionFailure()).isTrue();
				assertThat(ex.getCause()).isInstanceOf(PayloadConversionException.class);
			});
		assertThat(listeners.calls).isEmpty();
		assertThat(this.progress.processed).isEmpty();
	}

	private ListenerMethodInvoker invoker(Object bean, String methodName, CheckpointMode mode) {
		Method method = findMethod(bean.getClass(), methodName);
		return ListenerMethodInvoker.create(new KinesisListenerEndpoint(methodName, bean, method, List.of()),
				this.converter, mode);
	}

	private static Method findMethod(Class<?> type, String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	record Order(String id, int amount) {
	}

	abstract static class GenericListener<T> {

		final List<T> received = new ArrayList<>();

		void onBatch(List<T> batch) {
			this.received.addAll(batch);
		}

	}

	static class OrderListener extends GenericListener<Order> {

	}

	static class RecordingProgress implements ListenerCalls.Progress {

		final List<Integer> processed = new ArrayList<>();

		final List<Integer> checkpointed = new ArrayList<>();

		@Override
		public void processed(int index) {
			this.processed.add(index);
		}

		@Override
		public void checkpoint(int index) {
			this.checkpointed.add(index);
		}

	}

	static class Listeners {

		final List<Object> calls = new ArrayList<>();

		void strings(List<String> batch) {
			this.calls.add(batch);
		}

		void string(String payload) {
			this.calls.add(payload);
		}

		void orders(List<Order> orders) {
			this.calls.add(orders);
		}

		void order(Order order) {
			this.calls.add(order);
		}

		void byteArrays(List<byte[]> batch) {
			this.calls.add(batch);
		}

		void records(List<KinesisClientRecord> batch) {
			this.calls.add(batch);
		}

		void failsOnBoom(String payload) {
			if (payload.equals("boom")) {
				throw new IllegalStateException("listener failed on " + payload);
			}
			this.calls.add(payload);
		}

		void recordsThenFails(List<String> batch) {
			this.calls.add(batch);
			throw new IllegalStateException("batch failed");
		}

		void withBatchContext(List<byte[]> batch, KinesisBatchContext context) {
			this.calls.add(batch);
			this.calls.add(context);
		}

		void contextFirst(KinesisRecordContext context, String payload) {
			this.calls.add(context);
			this.calls.add(payload);
		}

		void mdc(List<KinesisClientRecord> batch) {
			this.calls
				.add(Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, MDC.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER),
						KinesisListenerMdc.LAST_SEQUENCE_NUMBER, MDC.get(KinesisListenerMdc.LAST_SEQUENCE_NUMBER)));
		}

		void mdcPerRecord(String record) {
			this.calls
				.add(Map.of(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, MDC.get(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER),
						KinesisListenerMdc.LAST_SEQUENCE_NUMBER, MDC.get(KinesisListenerMdc.LAST_SEQUENCE_NUMBER)));
		}

		void mdcThenFails(String record) {
			throw new IllegalStateException("bad " + record);
		}

		void failsAtIndexOne(List<String> batch) {
			throw new BatchListenerFailedException(1, new IllegalStateException("bad " + batch.get(1)));
		}

		void throwsChecked(String payload) throws IOException {
			throw new IOException("cannot write " + payload);
		}

		private void privateString(String payload) {
			this.calls.add(payload);
		}

		void failsBatch(List<String> batch) {
			throw new IllegalStateException("whole batch");
		}

		void checkpointsFirst(List<String> batch, KinesisBatchContext context) {
			context.checkpointer().checkpoint(context.records().get(0));
			context.checkpointer().checkpoint();
		}

	}

	private static void deliver(ListenerMethodInvoker invoker, ShardBatch batch, int from,
			ListenerCalls.Progress progress) throws ListenerCalls.ListenerInvocationException {
		invoker.invoke(batch, from, batch.size(), progress);
	}

}
