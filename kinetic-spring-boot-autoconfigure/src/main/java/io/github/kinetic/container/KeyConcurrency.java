package io.github.kinetic.container;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * How many groups of partition keys of one shard a listener processes at once, and the
 * threads that do it: named {@code kinetic-<listener id>-<n>}, numbered across the
 * listener's shards.
 */
final class KeyConcurrency {

	private static final long IDLE_THREAD_SECONDS = 60;

	private final String listenerId;

	private final int limit;

	private final Duration shutdownTimeout;

	private final AtomicInteger threads = new AtomicInteger();

	KeyConcurrency(String listenerId, int limit, Duration shutdownTimeout) {
		Assert.isTrue(limit >= 1, "concurrency must be at least 1");
		this.listenerId = listenerId;
		this.limit = limit;
		this.shutdownTimeout = shutdownTimeout;
	}

	static KeyConcurrency sequential(String listenerId) {
		return new KeyConcurrency(listenerId, 1, Duration.ZERO);
	}

	int limit() {
		return this.limit;
	}

	/**
	 * Whether records run on threads of their own rather than on KCL's thread of the
	 * shard.
	 */
	boolean isConcurrent() {
		return this.limit > 1;
	}

	/**
	 * How long a stopping container waits for the listener calls in flight.
	 */
	Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Create the executor of one shard: at most {@link #limit()} groups in flight, the
	 * others queued in the order of their first record. Idle threads end, so that a shard
	 * whose processor KCL drops without a last call holds none.
	 */
	ThreadPoolExecutor newExecutor() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(this.limit, this.limit, IDLE_THREAD_SECONDS,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), this::newThread);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private Thread newThread(Runnable task) {
		Thread thread = new Thread(task, "kinetic-" + this.listenerId + "-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

}
