package io.github.kinetic.listener;

/**
 * Callback to change any of KCL's configuration before a {@code Scheduler} is built from
 * it, for the settings kinetic has no property for.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface KinesisSchedulerCustomizer {

	/**
	 * Customize the configuration of a scheduler.
	 * @param configs the configuration objects the scheduler is built from
	 */
	void customize(SchedulerConfigs configs);

}
