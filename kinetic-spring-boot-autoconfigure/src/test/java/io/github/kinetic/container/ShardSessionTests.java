package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.ListenerShard;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
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
 * Tests for {@link ShardSession}.
 */
class ShardSessionTests {

	private final RecordProcessorCheckpointer kcl = mock(RecordProcessorCheckpointer.class);

	private final AtomicLong nanoTime = new AtomicLong();

	private final Listener listener = new Listener();

	@Test
	void batchModeCheckpointsTheLastRecordOnceAfterTheBatch() throws Exception {
		ShardSession session = session(CheckpointMode.BATCH);
		session.process(TestRecords.batch("a", "b"), this.kcl);
		session.process(TestRecords.batch(), this.kcl);
		session.shutdownRequested(this.kcl);
		verify(this.kcl).checkpoint("101", 0L);
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void recordModeCheckpointsEachRecord() throws Exception {
		ShardSession session = session(CheckpointMode.RECORD);
		session.process(TestRecords.batch("a", "b"), this.kcl);
		var order = inOrder(this.kcl);
		order.verify(this.kcl).checkpoint("100", 0L);
		order.verify(this.kcl).checkpoint("101", 0L);
		verifyNoMoreInteractions(this.kcl);
	}

	@Test
	void periodicModeCheckpointsAtMostOncePerIntervalAndBeforeShutdown() throws Exception {
		ShardSession session = session(CheckpointMode.PERIODIC);
		session.process(TestRecords.batch("a"), this.kcl);
		verifyNoInteractions(this.kcl);
		this.nanoTime.addAndGet(Duration.ofSeconds(10).toNanos());
		session.process(TestRecords.batch("a", "b"), this.kcl);
		verify(this.kcl).checkpoint("100", 0L);
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		session.process(TestRecords.batch("a", "b", "c"), this.kcl);
		verify(this.kcl, never()).checkpoint("102", 0L);
		session.shutdownRequested(this.kcl);
		verify(this.kcl).checkpoint("102", 0L);
	}

	@Test
	void manualModeCheckpointsOnlyWhenTheListenerAsks() throws Exception {
		ShardSession session = session(CheckpointMode.MANUAL);
		session.process(TestRecords.batch("a", "b"), this.kcl);
		session.shutdownRequested(this.kcl);
		verifyNoInteractions(this.kcl);
		session.process(TestRecords.batch("checkpoint"), this.kcl);
		verify(this.kcl).checkpoint("100", 0L);
	}

	@Test
	void manualCheckpointThatCannotBeWrittenFailsTheListenerCall() throws Exception {
		willThrow(new ShutdownException("lost")).given(this.kcl).checkpoint(anyString(), anyLong());
		session(CheckpointMode.MANUAL).process(TestRecords.batch("checkpoint"), this.kcl);
		assertThat(this.listener.failures).singleElement()
			.satisfies((failure) -> assertThat(failure).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("delivered again"));
	}

	@Test
	void writesAndTakesNothingOnceTheLeaseIsLost() throws Exception {
		willThrow(new ShutdownException("lost")).given(this.kcl).checkpoint(anyString(), anyLong());
		ShardSession session = session(CheckpointMode.RECORD);
		session.process(TestRecords.batch("a", "b"), this.kcl);
		session.process(TestRecords.batch("c"), this.kcl);
		session.shutdownRequested(this.kcl);
		session.shardEnded(this.kcl);
		verify(this.kcl).checkpoint("100", 0L);
		verifyNoMoreInteractions(this.kcl);
		assertThat(this.listener.received).containsExactly("a", "b");
	}

	private ShardSession session(CheckpointMode mode) {
		Method method = ReflectionUtils.findMethod(Listener.class, "onRecord", String.class,
				KinesisRecordContext.class);
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(
				new KinesisListenerEndpoint("listener", this.listener, method, List.of()),
				new DefaultPayloadConverter(null), mode);
		ListenerBinding binding = DeliveryFixture.binding(invoker, mode, Duration.ofSeconds(10),
				new FailurePolicy(new FixedBackOff(1), 1, (failed) -> {
				}));
		return ShardSession.start(binding, new ListenerShard("listener", TestRecords.STREAM, TestRecords.SHARD),
				new ContainerStopSignal(), ListenerObserver.NONE, this.nanoTime::get);
	}

	static class Listener {

		final List<String> received = new ArrayList<>();

		final List<Exception> failures = new ArrayList<>();

		void onRecord(String payload, KinesisRecordContext context) {
			this.received.add(payload);
			if (payload.equals("checkpoint")) {
				try {
					context.checkpointer().checkpoint();
				}
				catch (IllegalStateException ex) {
					this.failures.add(ex);
				}
			}
		}

	}

}
