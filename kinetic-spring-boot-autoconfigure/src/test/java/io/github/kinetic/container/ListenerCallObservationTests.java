package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.observation.DefaultKinesisListenerObservationConvention;
import io.github.kinetic.observation.KinesisListenerObservationContext;
import io.github.kinetic.observation.KinesisListenerObservationConvention;
import io.github.kinetic.observation.ListenerCallScope;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.StreamSettings;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * Tests for the observation of listener calls by {@link ListenerMethodInvoker} with an
 * {@link ObservingListenerCallScope}.
 */
class ListenerCallObservationTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final Listeners listeners = new Listeners();

	@Test
	void observesABatchCallWithTheDocumentedKeys() throws Exception {
		deliver(invoker("batch", null), TestRecords.batch("a", "b", "c"), 1, new NoProgress());
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsEqualTo(1)
			.hasSingleObservationThat()
			.hasNameEqualTo("kinetic.listener")
			.hasContextualNameEqualTo(TestRecords.STREAM + " process")
			.hasLowCardinalityKeyValue("kinetic.listener.id", "batch")
			.hasLowCardinalityKeyValue("kinetic.application", "hubble")
			.hasLowCardinalityKeyValue("kinetic.stream", TestRecords.STREAM)
			.hasHighCardinalityKeyValue("kinetic.shard", TestRecords.SHARD)
			.hasHighCardinalityKeyValue("kinetic.first.sequence.number", "101")
			.hasHighCardinalityKeyValue("kinetic.batch.size", "2")
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
		assertThat(this.listeners.observedInScope).containsExactly(true);
	}

	@Test
	void observesEachCallOfAOneRecordListener() throws Exception {
		deliver(invoker("record", null), TestRecords.batch("a", "b"), 0, new NoProgress());
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("kinetic.listener", 2)
			.forAllObservationsWithNameEqualTo("kinetic.listener",
					(observation) -> observation.hasHighCardinalityKeyValue("kinetic.batch.size", "1"));
	}

	@Test
	void recordsWhatTheListenerThrowsOnTheObservation() {
		assertThatExceptionOfType(ListenerCalls.ListenerInvocationException.class)
			.isThrownBy(() -> deliver(invoker("failing", null), TestRecords.batch("a"), 0, new NoProgress()))
			.withRootCauseInstanceOf(IllegalStateException.class);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.assertThatError()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("boom");
	}

	@Test
	void usesAConventionThatExtendsTheDefault() throws Exception {
		KinesisListenerObservationConvention convention = new DefaultKinesisListenerObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(KinesisListenerObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "astronomy");
			}

		};
		deliver(invoker("batch", convention), TestRecords.batch("a"), 0, new NoProgress());
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("team", "astronomy")
			.hasLowCardinalityKeyValue("kinetic.listener.id", "batch");
	}

	@Test
	void observesEachListenerUnderItsOwnApplicationName() throws Exception {
		ConsumerSettings settings = new ConsumerSettings("hubble", "worker-1",
				new ConsumerSettings.Streams(
						List.of(new StreamSettings(TestRecords.STREAM,
								InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST))),
						false),
				new ConsumerSettings.Leases(Duration.ofSeconds(10)),
				ConsumerSettings.Reading.polling(10000, Duration.ofSeconds(1), "hubble"), Duration.ofSeconds(20),
				false);
		KinesisListenerContainerFactory factory = new KinesisListenerContainerFactory(settings,
				new KinesisClients(mock(KinesisAsyncClient.class), mock(DynamoDbAsyncClient.class),
						mock(CloudWatchAsyncClient.class)),
				new DefaultPayloadConverter(null), new FixedBackOff(0, 0), List.of());
		factory.setListenerCallScope(ListenerCallScope.observing(this.registry, null));
		KinesisListenerEndpoint audit = new KinesisListenerEndpoint("batch", this.listeners, findMethod("batch"),
				List.of(), null, true, KinesisListenerEndpoint.FailureSettings.NONE, null, null, "hubble-audit");
		deliver(factory.bind(audit).invoker(), TestRecords.batch("a"), 0, new NoProgress());
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("kinetic.application", "hubble-audit");
	}

	private ListenerMethodInvoker invoker(String methodName, KinesisListenerObservationConvention convention) {
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint(methodName, this.listeners,
				findMethod(methodName), List.of());
		return ListenerMethodInvoker.create(endpoint, new DefaultPayloadConverter(null), CheckpointMode.BATCH)
			.callingIn("hubble", ListenerCallScope.observing(this.registry, convention));
	}

	private static java.lang.reflect.Method findMethod(String name) {
		for (java.lang.reflect.Method method : ReflectionUtils.getDeclaredMethods(Listeners.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private final class Listeners {

		final List<Boolean> observedInScope = new ArrayList<>();

		void batch(List<String> batch) {
			this.observedInScope.add(ListenerCallObservationTests.this.registry.getCurrentObservation() != null);
		}

		void record(String record) {
		}

		void failing(List<String> batch) {
			throw new IllegalStateException("boom");
		}

	}

	private static final class NoProgress implements ListenerCalls.Progress {

		@Override
		public void processed(int index) {
		}

		@Override
		public void checkpoint(int index) {
		}

	}

	private static void deliver(ListenerMethodInvoker invoker, ShardBatch batch, int from,
			ListenerCalls.Progress progress) throws ListenerCalls.ListenerInvocationException {
		invoker.invoke(batch, from, batch.size(), progress);
	}

}
