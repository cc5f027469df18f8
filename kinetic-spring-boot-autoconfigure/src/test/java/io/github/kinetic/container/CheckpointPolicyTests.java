package io.github.kinetic.container;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.listener.CheckpointMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CheckpointPolicy}.
 */
class CheckpointPolicyTests {

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void batchModeCheckpointsAfterTheBatchAFailureAndAtShutdownButNotPerRecord() {
		CheckpointPolicy policy = policy(CheckpointMode.BATCH);
		assertThat(policy.afterProcessed()).isFalse();
		assertThat(policy.afterBatch()).isTrue();
		assertThat(policy.afterFailure()).isTrue();
		assertThat(policy.beforeShutdown()).isTrue();
	}

	@Test
	void recordModeCheckpointsPerRecord() {
		assertThat(policy(CheckpointMode.RECORD).afterProcessed()).isTrue();
	}

	@Test
	void manualModeLeavesEveryCheckpointToTheListener() {
		CheckpointPolicy policy = policy(CheckpointMode.MANUAL);
		assertThat(policy.afterProcessed()).isFalse();
		assertThat(policy.afterBatch()).isFalse();
		assertThat(policy.afterFailure()).isFalse();
		assertThat(policy.beforeShutdown()).isFalse();
	}

	@Test
	void periodicModeIsDueOncePerIntervalSinceTheLastWrittenCheckpoint() {
		CheckpointPolicy policy = policy(CheckpointMode.PERIODIC);
		assertThat(policy.afterProcessed()).isFalse();
		assertThat(policy.afterBatch()).isFalse();
		this.nanoTime.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(policy.afterProcessed()).isTrue();
		assertThat(policy.afterBatch()).isTrue();
		policy.written();
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(policy.afterBatch()).isFalse();
		assertThat(policy.beforeShutdown()).isTrue();
	}

	private CheckpointPolicy policy(CheckpointMode mode) {
		return CheckpointPolicy.of(mode, Duration.ofSeconds(10), this.nanoTime::get);
	}

}
