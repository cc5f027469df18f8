package io.github.kinetic.listener;

import software.amazon.kinesis.checkpoint.CheckpointConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.LifecycleConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * The configuration objects a KCL {@link Scheduler} is built from. They are mutable: a
 * {@link KinesisSchedulerCustomizer} changes them in place.
 *
 * @param checkpoint the checkpoint configuration
 * @param coordinator the coordinator configuration
 * @param leaseManagement the lease management configuration
 * @param lifecycle the lifecycle configuration
 * @param metrics the metrics configuration
 * @param processor the processor configuration
 * @param retrieval the retrieval configuration
 * @author kinetic contributors
 * @since 0.1.0
 */
public record SchedulerConfigs(CheckpointConfig checkpoint, CoordinatorConfig coordinator,
		LeaseManagementConfig leaseManagement, LifecycleConfig lifecycle, MetricsConfig metrics,
		ProcessorConfig processor, RetrievalConfig retrieval) {

}
