package io.github.kinetic.listener;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

@ExtendWith(OutputCaptureExtension.class)
class ListenerObserverTests {

	private static final ListenerShard SHARD = new ListenerShard("listener", "orders", "shardId-000000000000");

	@Test
	void compositeCallsEachObserverInOrder() {
		List<String> calls = new ArrayList<>();
		ListenerObserver composite = ListenerObserver
			.composite(List.of(new RecordingObserver("first", calls), new RecordingObserver("second", calls)));
		composite.shardStarted(SHARD);
		composite.batchReceived(SHARD, 3, 10L);
		composite.batchProcessed(SHARD, 3, 100L);
		composite.listenerFailed(SHARD, 1, new IllegalStateException(), 100L);
		composite.retrying(SHARD, 1, 500L);
		composite.deadLettered(SHARD, 2, new IllegalStateException());
		composite.shardStopped(SHARD);
		assertThat(calls).containsExactly("first:started", "second:started", "first:received", "second:received",
				"first:processed", "second:processed", "first:failed", "second:failed", "first:retrying",
				"second:retrying", "first:deadLettered", "second:deadLettered", "first:stopped", "second:stopped");
	}

	@Test
	void compositeLogsAndSwallowsWhatAnObserverThrowsAndStillCallsTheOthers(CapturedOutput output) {
		List<String> calls = new ArrayList<>();
		ListenerObserver failing = new ListenerObserver() {

			@Override
			public void batchProcessed(ListenerShard shard, int records, long nanos) {
				throw new IllegalStateException("observer bug");
			}

		};
		ListenerObserver composite = ListenerObserver
			.composite(List.of(failing, new RecordingObserver("other", calls)));
		assertThatNoException().isThrownBy(() -> composite.batchProcessed(SHARD, 3, 100L));
		assertThat(calls).containsExactly("other:processed");
		assertThat(output).contains("Listener observer").contains("observer bug");
	}

	@Test
	void noneIgnoresEveryCallback() {
		assertThatNoException().isThrownBy(() -> {
			ListenerObserver.NONE.shardStarted(SHARD);
			ListenerObserver.NONE.batchProcessed(SHARD, 1, 1L);
			ListenerObserver.NONE.shardStopped(SHARD);
		});
	}

	private record RecordingObserver(String name, List<String> calls) implements ListenerObserver {

		@Override
		public void shardStarted(ListenerShard shard) {
			this.calls.add(this.name + ":started");
		}

		@Override
		public void batchReceived(ListenerShard shard, int records, Long millisBehindLatest) {
			this.calls.add(this.name + ":received");
		}

		@Override
		public void batchProcessed(ListenerShard shard, int records, long nanos) {
			this.calls.add(this.name + ":processed");
		}

		@Override
		public void listenerFailed(ListenerShard shard, int recordsProcessed, Throwable failure, long nanos) {
			this.calls.add(this.name + ":failed");
		}

		@Override
		public void retrying(ListenerShard shard, int attempt, long backOffMillis) {
			this.calls.add(this.name + ":retrying");
		}

		@Override
		public void deadLettered(ListenerShard shard, int records, Throwable failure) {
			this.calls.add(this.name + ":deadLettered");
		}

		@Override
		public void shardStopped(ListenerShard shard) {
			this.calls.add(this.name + ":stopped");
		}

	}

}
