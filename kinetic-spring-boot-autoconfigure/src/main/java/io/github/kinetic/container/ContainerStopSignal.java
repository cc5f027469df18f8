package io.github.kinetic.container;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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

	/**
	 * Start a thread that waits until {@code ready} says so, then runs {@code start}
	 * under the monitor unless the container is stopping by then.
	 * @param name the thread's name
	 * @param ready waits, returning whether to start
	 * @param monitor the lock of the container's lifecycle
	 * @param start what to run
	 * @return the thread
	 */
	Thread startWhen(String name, BooleanSupplier ready, Object monitor, Runnable start) {
		Thread waiting = new Thread(() -> {
			if (ready.getAsBoolean()) {
				synchronized (monitor) {
					if (!isStopping()) {
						start.run();
					}
				}
			}
		}, name);
		// not a daemon: until KCL's own threads run, this one keeps an application
		// without a web server alive
		waiting.setDaemon(false);
		waiting.start();
		return waiting;
	}

}
