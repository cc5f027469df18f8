package io.github.kinetic.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A span per listener call, and its trace id in the MDC, with
 * {@code kinetic.listener.observation-enabled=true}, Micrometer Tracing's Brave bridge
 * and real KCL against the emulators.
 */
class KinesisListenerObservationEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void reportsASpanPerListenerCallWithItsTraceIdInTheMdc() {
		String stream = KineticTestApplications.uniqueName("traced");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("a", "b", "c"));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(TracedApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon",
						"kinetic.listener.observation-enabled", "true"))) {
			TracedListener listener = context.getBean(TracedListener.class);
			List<MutableSpan> spans = context.getBean(TracedApplication.class).spans;
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.received.size() >= 3);
			await().atMost(Duration.ofSeconds(10)).until(() -> spans.size() >= 3);
			assertThat(listener.received).containsExactly("a", "b", "c");
			assertThat(listener.mdcTraceIds).hasSize(3).doesNotContainNull();
			assertThat(spans).hasSize(3);
			assertThat(spans).extracting(MutableSpan::traceId)
				.containsExactlyInAnyOrderElementsOf(listener.mdcTraceIds)
				.doesNotHaveDuplicates();
			assertThat(spans).allSatisfy((span) -> {
				assertThat(span.name()).isEqualTo(stream + " process");
				assertThat(span.tags()).containsEntry("kinetic.listener.id", "traced")
					.containsEntry("kinetic.application", application)
					.containsEntry("kinetic.stream", stream)
					.containsEntry("kinetic.shard", "shardId-000000000000")
					.containsEntry("kinetic.batch.size", "1")
					.containsKey("kinetic.first.sequence.number");
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TracedApplication {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean(destroyMethod = "close")
		Tracing braveTracing() {
			return Tracing.newBuilder()
				.currentTraceContext(
						ThreadLocalCurrentTraceContext.newBuilder().addScopeDecorator(MDCScopeDecorator.get()).build())
				.addSpanHandler(new SpanHandler() {

					@Override
					public boolean end(TraceContext context, MutableSpan span, Cause cause) {
						TracedApplication.this.spans.add(span);
						return true;
					}

				})
				.build();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		ObservationRegistry observationRegistry(Tracer tracer) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

		@Bean
		TracedListener tracedListener() {
			return new TracedListener();
		}

	}

	static class TracedListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<String> mdcTraceIds = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "traced")
		void onRecord(String record) {
			this.received.add(record);
			this.mdcTraceIds.add(MDC.get("traceId"));
		}

	}

}
