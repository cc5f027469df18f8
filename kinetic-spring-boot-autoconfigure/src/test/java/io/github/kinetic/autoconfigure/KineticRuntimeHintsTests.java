package io.github.kinetic.autoconfigure;

import io.github.kinetic.endpoint.KinesisLeasesEndpoint.CheckpointDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.KinesisLeasesDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.LeaseDescriptor;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.worker.metricstats.WorkerMetricStats;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

class KineticRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	KineticRuntimeHintsTests() {
		new KineticRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(KineticRuntimeHints.class::isInstance);
	}

	@Test
	void bindsTheProperties() throws NoSuchMethodException {
		assertThat(RuntimeHintsPredicates.reflection().onType(KineticProperties.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(KineticProperties.Stream.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(KineticProperties.class.getMethod("setApplicationName", String.class)))
			.accepts(this.hints);
	}

	@Test
	void writesTheEndpointDescriptors() throws NoSuchMethodException {
		for (Class<?> descriptor : new Class<?>[] { KinesisLeasesDescriptor.class, LeaseDescriptor.class,
				CheckpointDescriptor.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(descriptor)).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(LeaseDescriptor.class.getMethod("ownedByThisWorker"))).accepts(this.hints);
	}

	@Test
	void mapsKclWorkerMetricsItemsAsBeans() throws NoSuchMethodException {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(WorkerMetricStats.class)
			.withMemberCategories(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(WorkerMetricStats.class.getMethod("getWorkerId"))).accepts(this.hints);
	}

}
