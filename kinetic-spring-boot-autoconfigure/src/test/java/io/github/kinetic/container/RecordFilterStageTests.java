package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link ShardSession.RecordFilterStage} as the first stage of a
 * {@link ShardSession}.
 */
class RecordFilterStageTests {

	private static final KinesisRecordFilter SKIP_NOISE = (
			record) -> !StandardCharsets.UTF_8.decode(record.data().duplicate()).toString().startsWith("noise");

	private final RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);

	private final List<String> received = new ArrayList<>();

	private final List<Integer> filtered = new ArrayList<>();

	private final ListenerObserver observer = new ListenerObserver() {

		@Override
		public void recordsFiltered(ListenerShard shard, int records) {
			RecordFilterStageTests.this.filtered.add(records);
		}

	};

	@Test
	void deliversOnlyAcceptedRecordsInOrderAndCheckpointsPastTrailingFilteredOnes() throws Exception {
		ShardSession session = session(SKIP_NOISE);
		session.process(TestRecords.batch("a", "noise-1", "b", "noise-2"), this.kcl);
		assertThat(this.received).containsExactly("a", "b");
		assertThat(this.filtered).containsExactly(2);
		verify(this.kcl).checkpoint("103", 0L);
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void checkpointsABatchThatIsFilteredWhole() throws Exception {
		ShardSession session = session(SKIP_NOISE);
		session.process(TestRecords.batch("noise-1", "noise-2"), this.kcl);
		assertThat(this.received).isEmpty();
		assertThat(this.filtered).containsExactly(2);
		verify(this.kcl).checkpoint("101", 0L);
	}

	@Test
	void passesEveryRecordWithoutAFilterAndCountsNothing() throws Exception {
		ShardSession session = session(null);
		session.process(TestRecords.batch("a", "noise-1"), this.kcl);
		assertThat(this.received).containsExactly("a", "noise-1");
		assertThat(this.filtered).isEmpty();
		verify(this.kcl).checkpoint("101", 0L);
	}

	@Test
	void keepsTheSameBatchWhenEveryRecordIsAccepted() {
		ShardBatch batch = TestRecords.batch("a", "b");
		ShardSession.RecordFilterStage stage = new ShardSession.RecordFilterStage(SKIP_NOISE, this.observer,
				new ListenerShard("listener", TestRecords.STREAM, TestRecords.SHARD));
		assertThat(stage.apply(batch)).isSameAs(batch);
		assertThat(this.filtered).isEmpty();
	}

	private ShardSession session(KinesisRecordFilter filter) {
		Method method = ReflectionUtils.findMethod(RecordFilterStageTests.class, "onRecord", String.class);
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(
				new KinesisListenerEndpoint("listener", this, method, List.of()), new DefaultPayloadConverter(null),
				CheckpointMode.BATCH);
		ListenerBinding binding = DeliveryFixture.binding(invoker, CheckpointMode.BATCH, Duration.ofSeconds(10),
				new FailurePolicy(new FixedBackOff(1), 1, null), filter);
		return ShardSession.start(binding, new ListenerShard("listener", TestRecords.STREAM, TestRecords.SHARD),
				new ContainerStopSignal(), this.observer, System::nanoTime);
	}

	void onRecord(String payload) {
		this.received.add(payload);
	}

}
