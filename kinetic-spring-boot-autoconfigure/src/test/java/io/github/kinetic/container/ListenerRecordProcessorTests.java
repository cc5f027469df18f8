package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link ListenerRecordProcessor}.
 */
class ListenerRecordProcessorTests {

	private final RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);

	private final ContainerStopSignal stopSignal = new ContainerStopSignal();

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void checkpointsEachBatchAfterTheListenerReturnsAndTheEndOfTheShard() throws Exception {
		Listener listener = new Listener(null);
		ListenerRecordProcessor processor = processor(listener, CheckpointMode.BATCH);
		processor.processRecords(input("a", "b"));
		verify(this.kcl).checkpoint("101", 0L);
		processor.shardEnded(ShardEndedInput.builder().checkpointer(this.kcl).build());
		verify(this.kcl).checkpoint();
		assertThat(listener.received).containsExactly("a", "b");
	}

	@Test
	void haltsAfterTheContainerStopsDuringARetryAndCheckpointsOnlyWhatWasProcessed() throws Exception {
		Listener listener = new Listener("b");
		ListenerRecordProcessor processor = processor(listener, CheckpointMode.BATCH);
		processor.processRecords(input("a", "b", "c"));
		verify(this.kcl).checkpoint("100", 0L);
		processor.processRecords(input("d"));
		processor.shutdownRequested(ShutdownRequestedInput.builder().checkpointer(this.kcl).build());
		processor.shardEnded(ShardEndedInput.builder().checkpointer(this.kcl).build());
		assertThat(listener.received).containsExactly("a");
		verify(this.kcl, never()).checkpoint("101", 0L);
		verify(this.kcl, never()).checkpoint();
	}

	@Test
	void leavesACheckpointThatCannotBeWrittenForTheNextBatchInsteadOfThrowingToKcl() throws Exception {
		SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request",
				new ConnectException("Connection refused"));
		doThrow(unreachable).doThrow(unreachable)
			.doThrow(unreachable)
			.doThrow(unreachable)
			.doThrow(unreachable)
			.doNothing()
			.when(this.kcl)
			.checkpoint(anyString(), anyLong());
		Listener listener = new Listener(null);
		ListenerRecordProcessor processor = processor(listener, CheckpointMode.BATCH);
		assertThatNoException().isThrownBy(() -> processor.processRecords(input("a", "b")));
		verify(this.kcl, times(5)).checkpoint("101", 0L);
		processor.processRecords(input("c"));
		verify(this.kcl).checkpoint("100", 0L);
		assertThat(listener.received).containsExactly("a", "b", "c");
	}

	@Test
	void checkpointsWhatAManualListenerProcessedNeitherAfterTheBatchNorAtShutdown() {
		ListenerRecordProcessor processor = processor(new Listener(null), CheckpointMode.MANUAL);
		processor.processRecords(input("a"));
		processor.shutdownRequested(ShutdownRequestedInput.builder().checkpointer(this.kcl).build());
		verifyNoInteractions(this.kcl);
	}

	@Test
	void checkpointsPeriodicProgressWhenKclHandsAnEmptyBatchAfterTheInterval() throws Exception {
		ListenerRecordProcessor processor = processor(new Listener(null), CheckpointMode.PERIODIC);
		processor.processRecords(input("a"));
		processor.processRecords(input());
		verifyNoInteractions(this.kcl);
		this.nanoTime.addAndGet(Duration.ofHours(1).toNanos());
		processor.processRecords(input());
		verify(this.kcl).checkpoint("100", 0L);
	}

	private ListenerRecordProcessor processor(Listener listener, CheckpointMode mode) {
		Method method = ReflectionUtils.findMethod(Listener.class, "onRecord", String.class,
				KinesisRecordContext.class);
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(
				new KinesisListenerEndpoint("listener", listener, method, List.of()), new DefaultPayloadConverter(null),
				mode);
		ListenerBinding binding = DeliveryFixture.binding(invoker, mode, Duration.ofHours(1),
				new FailurePolicy(new FixedBackOff(1), 3, null));
		ListenerRecordProcessor processor = new ListenerRecordProcessor(TestRecords.STREAM, binding, this.stopSignal,
				this.nanoTime::get, ListenerObserver.NONE);
		processor.initialize(InitializationInput.builder().shardId(TestRecords.SHARD).build());
		return processor;
	}

	private ProcessRecordsInput input(String... data) {
		return ProcessRecordsInput.builder()
			.records(TestRecords.batch(data).records())
			.checkpointer(this.kcl)
			.millisBehindLatest(0L)
			.build();
	}

	class Listener {

		final List<String> received = new CopyOnWriteArrayList<>();

		private final String stopOn;

		Listener(String stopOn) {
			this.stopOn = stopOn;
		}

		void onRecord(String payload, KinesisRecordContext context) {
			if (payload.equals(this.stopOn)) {
				ListenerRecordProcessorTests.this.stopSignal.stop();
				throw new IllegalStateException("down");
			}
			this.received.add(payload);
		}

	}

}
