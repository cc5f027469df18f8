package io.github.kinetic.container;

import software.amazon.kinesis.coordinator.Scheduler;

/**
 * Reaches the KCL scheduler of a running container, for tests in other packages that make
 * it stop on its own.
 */
public final class ContainerSchedulers {

	private ContainerSchedulers() {
	}

	/**
	 * Return the scheduler of a running container.
	 * @param container the container
	 * @return its scheduler
	 * @throws IllegalStateException if the container has none
	 */
	public static Scheduler schedulerOf(KinesisListenerContainer container) {
		Scheduler scheduler = container.getScheduler();
		if (scheduler == null) {
			throw new IllegalStateException("The container has no scheduler: it is not running");
		}
		return scheduler;
	}

}
