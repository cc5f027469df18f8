package io.github.kinetic.container;

import java.time.Duration;

import io.github.kinetic.lease.LeaseTableSchemaException;
import io.github.kinetic.lease.LeaseTrackingModeMismatchException;
import io.github.kinetic.lease.LegacyLeaseKeysException;
import io.github.kinetic.lease.StreamNotFoundException;
import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Starts one container under the {@link StartupFailurePolicy}: a failure to reach AWS
 * fails the caller ({@code STOP}), leaves the container failed ({@code CONTINUE}), or is
 * retried on a thread of its own after a back-off until the container starts or this
 * startup is stopped ({@code RETRY}). A configuration the container can never start with
 * is always thrown.
 */
final class ContainerStartup {

	private static final Log logger = LogFactory.getLog(ContainerStartup.class);

	private final KinesisListenerContainer container;

	private final StartupFailurePolicy policy;

	private final BackOff retryBackOff;

	private final ContainerStopSignal cancelled = new ContainerStopSignal();

	// held by an attempt, so that stop() waits for it and then stops what it started
	private final Object attemptMonitor = new Object();

	private @Nullable Thread retrier;

	ContainerStartup(KinesisListenerContainer container, StartupFailurePolicy policy, BackOff retryBackOff) {
		this.container = container;
		this.policy = policy;
		this.retryBackOff = retryBackOff;
	}

	KinesisListenerContainer container() {
		return this.container;
	}

	/**
	 * Start the container.
	 * @throws ContainerStartupException if it cannot start and the policy is {@code STOP}
	 * @throws RuntimeException a configuration the container can never start with
	 */
	void start() {
		BackOffExecution backOff = (this.policy == StartupFailurePolicy.RETRY) ? this.retryBackOff.start() : null;
		Duration retryIn = (backOff != null) ? next(backOff) : null;
		synchronized (this.attemptMonitor) {
			try {
				this.container.start(retryIn);
				return;
			}
			catch (RuntimeException ex) {
				if (isPermanent(ex)) {
					this.container.giveUpStartup();
					throw ex;
				}
				if (this.policy == StartupFailurePolicy.STOP) {
					throw new ContainerStartupException(this.container.getId(),
							this.container.getSettings().streamNames(), ex);
				}
				logFailure(ex, retryIn);
			}
		}
		if (backOff != null && retryIn != null) {
			Thread thread = new Thread(() -> retry(backOff, retryIn), "kinetic-" + this.container.getId() + "-startup");
			// not a daemon: a retrying container keeps an application without a web
			// server alive, as a running one does
			thread.setDaemon(false);
			this.retrier = thread;
			thread.start();
		}
	}

	private void retry(BackOffExecution backOff, Duration firstWait) {
		Duration wait = firstWait;
		int attempt = 1;
		while (wait != null && this.cancelled.sleepUnlessStopped(wait.toMillis())) {
			attempt++;
			Duration nextWait = next(backOff);
			synchronized (this.attemptMonitor) {
				if (this.cancelled.isStopping()) {
					return;
				}
				try {
					this.container.start(nextWait);
					logger.info(LogMessage.format("Listener container %s started at attempt %d", this.container.getId(),
							attempt));
					return;
				}
				catch (RuntimeException ex) {
					if (isPermanent(ex)) {
						this.container.giveUpStartup();
						logger.error(LogMessage.format("Listener container %s cannot start; not trying again",
								this.container.getId()), ex);
						return;
					}
					logFailure(ex, nextWait);
				}
			}
			wait = nextWait;
		}
		this.container.giveUpStartup();
	}

	/**
	 * Stop retrying, wait for an attempt in progress, and stop the container.
	 */
	void stop() {
		this.cancelled.stop();
		synchronized (this.attemptMonitor) {
			this.container.giveUpStartup();
			this.container.stop();
		}
		Thread thread = this.retrier;
		if (thread != null) {
			try {
				thread.join(this.container.getSettings().shutdownTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void logFailure(RuntimeException ex, @Nullable Duration retryIn) {
		String what = (retryIn != null) ? "trying again in " + retryIn.toMillis() + " ms"
				: "it consumes nothing until its listeners are started again";
		logger.error(
				LogMessage.format("Listener container %s (streams %s) could not start; %s: %s", this.container.getId(),
						this.container.getSettings().streamNames(), what, ContainerStartupException.describe(ex)),
				logger.isDebugEnabled() ? ex : null);
	}

	private static @Nullable Duration next(BackOffExecution backOff) {
		long millis = backOff.nextBackOff();
		return (millis == BackOffExecution.STOP) ? null : Duration.ofMillis(millis);
	}

	/**
	 * Whether no later attempt can succeed: the configuration does not match the lease
	 * table or the streams.
	 * @param ex the failure
	 * @return whether it is permanent
	 */
	static boolean isPermanent(Throwable ex) {
		return ex instanceof StreamNotFoundException || ex instanceof LeaseTrackingModeMismatchException
				|| ex instanceof LegacyLeaseKeysException || ex instanceof LeaseTableSchemaException;
	}

}
