package io.github.kinetic.container;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the record processors of one container that it is stopping, and wakes those
 * waiting to retry a failed batch so that shutdown does not wait for a back-off.
 */
final class ContainerStopSignal {

	private final CountDownLatch stopped = new CountDownLatch(1);

	void stop() {
		this.stopped.countDown();
	}

	boolean isStopping() {
		return this.stopped.getCount() == 0;
	}

	/**
	 * Wait for the given time unless the container stops first.
	 * @param millis how long to wait
	 * @return {@code true} if the time passed, {@code false} if the container is stopping
	 * or the thread was interrupted
	 */
	boolean sleepUnlessStopped(long millis) {
		try {
			return !this.stopped.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
