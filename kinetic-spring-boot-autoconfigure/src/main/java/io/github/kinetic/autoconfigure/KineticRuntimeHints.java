package io.github.kinetic.autoconfigure;

import io.github.kinetic.lifecycle.BlockedShard;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * The reflection the starter and KCL need at run time, beyond what Spring AOT finds on
 * its own: the properties (bound by name), the actuator endpoint's descriptors (written
 * as JSON) and the KCL types that the DynamoDB enhanced client maps as beans (the worker
 * metrics items of the lease table). Registered in {@code META-INF/spring/aot.factories}.
 *
 * @author kinetic contributors
 */
class KineticRuntimeHints implements RuntimeHintsRegistrar {

	static final String LEASES_DESCRIPTOR = "io.github.kinetic.endpoint.KinesisLeasesEndpoint$KinesisLeasesDescriptor";

	/** KCL 3 reads and writes these with {@code TableSchema.fromBean}. */
	static final String[] KCL_DYNAMODB_BEANS = { "software.amazon.kinesis.worker.metricstats.WorkerMetricStats",
			"software.amazon.kinesis.worker.metricstats.WorkerMetricStats$LeaseTableWorkerMetricStats",
			"software.amazon.kinesis.worker.metricstats.WorkerMetricStats$LegacyWorkerMetricStats" };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
		bindings.registerReflectionHints(hints.reflection(), KineticProperties.class);
		// written as JSON in the details of the health indicator
		bindings.registerReflectionHints(hints.reflection(), BlockedShard.class);
		// the endpoint is optional: only with the actuator on the classpath
		if (ClassUtils.isPresent(LEASES_DESCRIPTOR, classLoader) && ClassUtils
			.isPresent("org.springframework.boot.actuate.endpoint.OperationResponseBody", classLoader)) {
			bindings.registerReflectionHints(hints.reflection(),
					ClassUtils.resolveClassName(LEASES_DESCRIPTOR, classLoader));
		}
		for (String bean : KCL_DYNAMODB_BEANS) {
			hints.reflection()
				.registerType(TypeReference.of(bean), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
	}

}
