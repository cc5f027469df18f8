package io.github.kinetic.container;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.listener.CheckpointMode;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link CheckpointStrategy}.
 */
class CheckpointStrategyTests {

	private final RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void batchModeCheckpointsTheLastProcessedRecordAfterTheBatch() throws Exception {
		CheckpointStrategy strategy = strategy(CheckpointMode.BATCH);
		strategy.processed(TestRecords.record(1, "a"));
		strategy.processed(TestRecords.record(2, "b"));
		verifyNoInteractions(this.kcl);
		strategy.afterBatch();
		verify(this.kcl).checkpoint("2", 0L);
		strategy.afterBatch();
		strategy.beforeShutdown();
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void batchModeCheckpointsWhatWasProcessedBeforeAFailure() throws Exception {
		CheckpointStrategy strategy = strategy(CheckpointMode.BATCH);
		strategy.processed(TestRecords.record(1, "a"));
		strategy.afterFailure();
		verify(this.kcl).checkpoint("1", 0L);
	}

	@Test
	void recordModeCheckpointsEachRecord() throws Exception {
		CheckpointStrategy strategy = strategy(CheckpointMode.RECORD);
		strategy.processed(TestRecords.record(1, "a"));
		strategy.processed(TestRecords.record(2, "b"));
		var order = inOrder(this.kcl);
		order.verify(this.kcl).checkpoint("1", 0L);
		order.verify(this.kcl).checkpoint("2", 0L);
		strategy.afterBatch();
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void periodicModeCheckpointsAtMostOncePerIntervalAndAlwaysBeforeShutdown() throws Exception {
		CheckpointStrategy strategy = strategy(CheckpointMode.PERIODIC);
		strategy.processed(TestRecords.record(1, "a"));
		strategy.afterBatch();
		verifyNoInteractions(this.kcl);
		this.nanoTime.addAndGet(Duration.ofSeconds(10).toNanos());
		strategy.processed(TestRecords.record(2, "b"));
		verify(this.kcl).checkpoint("2", 0L);
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		strategy.processed(TestRecords.record(3, "c"));
		strategy.afterBatch();
		verify(this.kcl, never()).checkpoint("3", 0L);
		strategy.beforeShutdown();
		verify(this.kcl).checkpoint("3", 0L);
	}

	@Test
	void manualModeCheckpointsOnlyWhenTheListenerAsks() throws Exception {
		CheckpointStrategy strategy = strategy(CheckpointMode.MANUAL);
		strategy.processed(TestRecords.record(1, "a"));
		strategy.processed(TestRecords.record(2, "b"));
		strategy.afterFailure();
		strategy.afterBatch();
		strategy.beforeShutdown();
		verifyNoInteractions(this.kcl);
		strategy.checkpoint(TestRecords.record(1, "a"));
		verify(this.kcl).checkpoint("1", 0L);
	}

	@Test
	void automaticModesRefuseListenerCheckpoints() {
		assertThatIllegalStateException()
			.isThrownBy(() -> strategy(CheckpointMode.BATCH).checkpoint(TestRecords.record(1, "a")));
	}

	@Test
	void writesNothingOnceTheLeaseIsLost() throws Exception {
		willThrow(new ShutdownException("lost")).given(this.kcl).checkpoint(anyString(), anyLong());
		ShardCheckpointer checkpointer = new ShardCheckpointer(TestRecords.STREAM, TestRecords.SHARD,
				new ContainerStopSignal());
		checkpointer.use(this.kcl);
		CheckpointStrategy strategy = CheckpointStrategy.create(CheckpointMode.RECORD, Duration.ZERO, checkpointer,
				this.nanoTime::get);
		strategy.processed(TestRecords.record(1, "a"));
		assertThat(checkpointer.isLeaseLost()).isTrue();
		strategy.processed(TestRecords.record(2, "b"));
		strategy.beforeShutdown();
		verify(this.kcl).checkpoint("1", 0L);
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void manualCheckpointThatCannotBeWrittenFailsTheListenerCall() throws Exception {
		willThrow(new ShutdownException("lost")).given(this.kcl).checkpoint(anyString(), anyLong());
		CheckpointStrategy strategy = strategy(CheckpointMode.MANUAL);
		assertThatIllegalStateException().isThrownBy(() -> strategy.checkpoint(TestRecords.record(1, "a")))
			.withMessageContaining("delivered again");
	}

	private CheckpointStrategy strategy(CheckpointMode mode) {
		ShardCheckpointer checkpointer = new ShardCheckpointer(TestRecords.STREAM, TestRecords.SHARD,
				new ContainerStopSignal());
		checkpointer.use(this.kcl);
		return CheckpointStrategy.create(mode, Duration.ofSeconds(10), checkpointer, this.nanoTime::get);
	}

}
