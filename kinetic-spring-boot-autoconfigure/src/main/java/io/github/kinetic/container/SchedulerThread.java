package io.github.kinetic.container;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.kinetic.listener.SchedulerConfigs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.core.log.LogMessage;

/**
 * One KCL {@link Scheduler} running on a thread of its own, and its shutdown: graceful
 * first, immediate once the shutdown timeout has passed.
 */
final class SchedulerThread {

	private static final Log logger = LogFactory.getLog(SchedulerThread.class);

	private final Scheduler scheduler;

	private final Thread thread;

	private SchedulerThread(Scheduler scheduler, Thread thread) {
		this.scheduler = scheduler;
		this.thread = thread;
	}

	/**
	 * Build a scheduler from the configs and run it.
	 * @param configs the configs, customized
	 * @param threadName the name of the scheduler's thread
	 * @return the running scheduler
	 */
	static SchedulerThread start(SchedulerConfigs configs, String threadName) {
		Scheduler scheduler = new Scheduler(configs.checkpoint(), configs.coordinator(), configs.leaseManagement(),
				configs.lifecycle(), configs.metrics(), configs.processor(), configs.retrieval());
		Thread thread = new Thread(scheduler, threadName);
		// KCL's own worker threads keep the application alive once they run
		thread.setDaemon(true);
		thread.start();
		return new SchedulerThread(scheduler, thread);
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	boolean isAlive() {
		return this.thread.isAlive();
	}

	/**
	 * Shut the scheduler down: processors finish the batch in flight and are told to
	 * checkpoint; after the timeout, KCL is told to stop at once.
	 * @param timeout how long the graceful shutdown may take
	 * @param containerId the container, for the log
	 * @return whether the shutdown was graceful
	 */
	boolean shutDown(Duration timeout, String containerId) {
		boolean graceful = shutDownGracefully(timeout, containerId);
		join(this.thread, timeout);
		return graceful;
	}

	private boolean shutDownGracefully(Duration timeout, String containerId) {
		try {
			this.scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			logger.warn(LogMessage.format("Graceful shutdown of %s took longer than %d ms; shutting down now",
					containerId, timeout.toMillis()));
		}
		catch (ExecutionException ex) {
			logger.warn(LogMessage.format("Graceful shutdown of %s failed; shutting down now", containerId),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scheduler.shutdown();
		return false;
	}

	static void join(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
