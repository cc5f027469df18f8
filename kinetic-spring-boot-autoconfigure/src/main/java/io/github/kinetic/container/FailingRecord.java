package io.github.kinetic.container;

import java.util.Objects;

import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * The attempts and back-off of the record a {@link RetryingDelivery} is currently failing
 * on, if any. A back-off that gives up never skips data: once it stops, its last wait is
 * kept.
 */
final class FailingRecord {

	private static final long MIN_WAIT_AFTER_BACK_OFF_STOPS = 1000;

	private int failedIndex = -1;

	private int attempts;

	private @Nullable BackOffExecution backOff;

	private long lastWait = MIN_WAIT_AFTER_BACK_OFF_STOPS;

	/**
	 * Count an attempt that failed, starting over when another record failed.
	 * @return the attempts at the failed record so far
	 */
	int record(ListenerCalls.ListenerInvocationException failure, FailurePolicy policy) {
		if (failure.failedIndex() != this.failedIndex || this.backOff == null) {
			this.failedIndex = failure.failedIndex();
			this.attempts = 0;
			this.backOff = policy.backOff().start();
		}
		return ++this.attempts;
	}

	long nextWait() {
		return Objects.requireNonNull(this.backOff).nextBackOff();
	}

	/**
	 * The wait to use: a back-off that gives up must not skip data, so once it stops, its
	 * last wait is kept.
	 */
	long waitOrLast(long wait) {
		if (wait == BackOffExecution.STOP) {
			return Math.max(this.lastWait, MIN_WAIT_AFTER_BACK_OFF_STOPS);
		}
		this.lastWait = wait;
		return wait;
	}

	void reset() {
		this.failedIndex = -1;
		this.backOff = null;
	}

	/**
	 * Whether the record at the index is the one failing.
	 */
	boolean isFailing(int index) {
		return this.failedIndex == index && this.backOff != null;
	}

	int attemptsAt(int index) {
		return isFailing(index) ? this.attempts : 0;
	}

	/**
	 * The wait before the recoverer is asked again to take the record at the index.
	 */
	long recovererWait(int index, FailurePolicy policy) {
		if (!isFailing(index)) {
			this.failedIndex = index;
			this.attempts = 0;
			this.backOff = policy.backOff().start();
		}
		return waitOrLast(nextWait());
	}

}
