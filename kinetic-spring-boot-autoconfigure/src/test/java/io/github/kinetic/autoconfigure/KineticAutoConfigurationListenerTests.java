package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.container.KinesisListenerContainerFactory;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.KinesisDeadLetterRecoverer;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import io.github.kinetic.settings.ListenerSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the listener settings, recoverer and payload converter of
 * {@link KineticAutoConfiguration}.
 */
class KineticAutoConfigurationListenerTests {

	// nothing listens on the endpoint and no test sends a request
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class, KineticAutoConfiguration.class))
		.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
				"kinetic.region=us-east-1", "kinetic.endpoint=http://127.0.0.1:9",
				"kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t");

	@Test
	void checkpointsAfterEachBatchAndRetriesWithoutRecovererByDefault() {
		this.contextRunner.run((context) -> {
			ListenerSettings settings = listenerSettings(context.getBean(KinesisListenerContainerFactory.class));
			assertThat(settings.checkpointMode()).isEqualTo(CheckpointMode.BATCH);
			assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(settings.failurePolicy().maxAttempts()).isEqualTo(10);
			assertThat(settings.failurePolicy().recoverer()).isNull();
			assertThat(context).doesNotHaveBean(KinesisRecordRecoverer.class);
		});
	}

	@Test
	void aFactoryTheApplicationDefinesWithTheConfigurerKeepsTheProperties() {
		KinesisRecordFilter filter = (record) -> true;
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class)
			.withBean("onlyFilter", KinesisRecordFilter.class, () -> filter)
			.withPropertyValues("kinetic.listener.back-off.max-attempts=3", "kinetic.listener.checkpoint-mode=manual",
					"kinetic.listener.idle-event-interval=45s")
			.run((context) -> {
				KinesisListenerContainerFactory factory = context.getBean(KinesisListenerContainerFactory.class);
				assertThat(factory).isSameAs(context.getBean("userFactory"));
				ListenerSettings settings = listenerSettings(factory);
				assertThat(settings.failurePolicy().maxAttempts()).isEqualTo(3);
				assertThat(settings.checkpointMode()).isEqualTo(CheckpointMode.MANUAL);
				assertThat(factory).extracting("recordFilter").isSameAs(filter);
				assertThat(factory).extracting("lifecycle.idleEventInterval").isEqualTo(Duration.ofSeconds(45));
				assertThat(factory.getSettings().applicationName()).isEqualTo("orders-app");
			});
	}

	@Test
	void theConfigurerRefusesAnInvalidListenerPropertyNamingIt() {
		this.contextRunner.withPropertyValues("kinetic.listener.concurrency=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidKineticPropertyException.class)
				.hasMessageContaining("kinetic.listener.concurrency");
		});
	}

	@Test
	void filtersEveryListenerWithTheOneRecordFilterBean() {
		KinesisRecordFilter filter = (record) -> true;
		this.contextRunner.withBean("onlyFilter", KinesisRecordFilter.class, () -> filter)
			.run((context) -> assertThat(context.getBean(KinesisListenerContainerFactory.class))
				.extracting("recordFilter")
				.isSameAs(filter));
	}

	@Test
	void filtersNoListenerByDefaultWhenThereAreSeveralRecordFilterBeans() {
		this.contextRunner.withBean("oneFilter", KinesisRecordFilter.class, () -> (record) -> true)
			.withBean("otherFilter", KinesisRecordFilter.class, () -> (record) -> false)
			.run((context) -> assertThat(context.getBean(KinesisListenerContainerFactory.class))
				.extracting("recordFilter")
				.isNull());
	}

	@Test
	void mapsListenerProperties() {
		this.contextRunner
			.withPropertyValues("kinetic.listener.checkpoint-mode=periodic", "kinetic.listener.checkpoint-interval=3s",
					"kinetic.listener.back-off.max-attempts=4", "kinetic.listener.back-off.initial-interval=200ms",
					"kinetic.listener.back-off.multiplier=3", "kinetic.listener.back-off.max-interval=500ms")
			.run((context) -> {
				ListenerSettings settings = listenerSettings(context.getBean(KinesisListenerContainerFactory.class));
				assertThat(settings.checkpointMode()).isEqualTo(CheckpointMode.PERIODIC);
				assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
				FailurePolicy failurePolicy = settings.failurePolicy();
				assertThat(failurePolicy.maxAttempts()).isEqualTo(4);
				var backOff = failurePolicy.backOff().start();
				assertThat(List.of(backOff.nextBackOff(), backOff.nextBackOff(), backOff.nextBackOff()))
					.containsExactly(200L, 500L, 500L);
			});
	}

	@Test
	void deadLettersToTheConfiguredStream() {
		this.contextRunner.withPropertyValues("kinetic.listener.dead-letter.stream=orders-dlq").run((context) -> {
			assertThat(context).hasSingleBean(KinesisDeadLetterRecoverer.class);
			assertThat(context.getBean(KinesisDeadLetterRecoverer.class).getStreamName()).isEqualTo("orders-dlq");
			assertThat(listenerSettings(context.getBean(KinesisListenerContainerFactory.class)).failurePolicy()
				.recoverer()).isSameAs(context.getBean(KinesisDeadLetterRecoverer.class));
		});
	}

	@Test
	void usesTheApplicationsRecovererInsteadOfTheDeadLetterStream() {
		this.contextRunner.withPropertyValues("kinetic.listener.dead-letter.stream=orders-dlq")
			.withUserConfiguration(UserRecovererConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(KinesisDeadLetterRecoverer.class);
				assertThat(listenerSettings(context.getBean(KinesisListenerContainerFactory.class)).failurePolicy()
					.recoverer()).isSameAs(context.getBean("userRecoverer"));
			});
	}

	@Test
	void refusesMaxAttemptsBelowOne() {
		this.contextRunner.withPropertyValues("kinetic.listener.back-off.max-attempts=0")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidKineticPropertyException.class)
				.hasMessageContaining("kinetic.listener.back-off.max-attempts"));
	}

	@Test
	void mapsTheMaximumRecordAge() {
		this.contextRunner.run((context) -> {
			FailurePolicy unset = listenerSettings(context.getBean(KinesisListenerContainerFactory.class))
				.failurePolicy();
			assertThat(unset.maxRecordAge()).isNull();
		});
		this.contextRunner.withPropertyValues("kinetic.listener.max-record-age=15m").run((context) -> {
			FailurePolicy failurePolicy = listenerSettings(context.getBean(KinesisListenerContainerFactory.class))
				.failurePolicy();
			assertThat(failurePolicy.maxRecordAge()).isEqualTo(Duration.ofMinutes(15));
		});
	}

	@Test
	void refusesAMaximumRecordAgeThatIsNotPositive() {
		this.contextRunner.withPropertyValues("kinetic.listener.max-record-age=0s")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidKineticPropertyException.class)
				.hasMessageContaining("kinetic.listener.max-record-age"));
	}

	@Test
	void mapsConcurrencyAndBisecting() {
		this.contextRunner.run((context) -> {
			ListenerSettings unset = listenerSettings(context.getBean(KinesisListenerContainerFactory.class));
			assertThat(unset.concurrency()).isOne();
			assertThat(unset.failurePolicy().bisectOnFailure()).isFalse();
		});
		this.contextRunner
			.withPropertyValues("kinetic.listener.concurrency=8", "kinetic.listener.bisect-on-failure=true")
			.run((context) -> {
				ListenerSettings settings = listenerSettings(context.getBean(KinesisListenerContainerFactory.class));
				assertThat(settings.concurrency()).isEqualTo(8);
				assertThat(settings.failurePolicy().bisectOnFailure()).isTrue();
			});
	}

	@Test
	void refusesAConcurrencyBelowOne() {
		this.contextRunner.withPropertyValues("kinetic.listener.concurrency=0")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidKineticPropertyException.class)
				.hasMessageContaining("kinetic.listener.concurrency"));
	}

	@Test
	void refusesConcurrencyWithManualCheckpoints() {
		this.contextRunner.withUserConfiguration(ManualConcurrentListenerConfiguration.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidListenerMethodException.class)
				.hasMessageContaining("concurrency 4 with checkpoint mode MANUAL"));
	}

	@Test
	void refusesTwoListenersWithTheSameId() {
		this.contextRunner.withUserConfiguration(SameIdListenersConfiguration.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidListenerMethodException.class)
				.hasMessageContaining("has id 'orders'"));
	}

	@Test
	void readsJsonWithJacksonWhenItIsPresent() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(PayloadConverter.class).canConvert(Order.class)).isTrue());
	}

	@Test
	void servesOnlyRawTypesWithoutJackson() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			PayloadConverter converter = context.getBean(PayloadConverter.class);
			assertThat(converter.canConvert(String.class)).isTrue();
			assertThat(converter.canConvert(Order.class)).isFalse();
		});
	}

	@Test
	void createsAHandleForEachListenerWithoutStartingThoseThatDoNotStartAutomatically() {
		this.contextRunner.withUserConfiguration(NotAutoStartedListenerConfiguration.class).run((context) -> {
			KinesisListenerEndpointRegistry registry = context.getBean(KinesisListenerEndpointRegistry.class);
			assertThat(registry.getListeners()).singleElement().satisfies((handle) -> {
				assertThat(handle.getId()).isEqualTo("orders");
				assertThat(handle.getStreams()).containsExactly("orders");
				assertThat(handle.isRunning()).isFalse();
			});
			assertThat(registry.getListenerContainers()).isEmpty();
		});
	}

	private static ListenerSettings listenerSettings(KinesisListenerContainerFactory factory) {
		return factory.getListenerSettings();
	}

	record Order(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecovererConfiguration {

		@Bean
		KinesisRecordRecoverer userRecoverer() {
			return (failed) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SameIdListenersConfiguration {

		@Bean
		SameIdListeners sameIdListeners() {
			return new SameIdListeners();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualConcurrentListenerConfiguration {

		@Bean
		ManualConcurrentListener manualConcurrentListener() {
			return new ManualConcurrentListener();
		}

	}

	static class ManualConcurrentListener {

		@KinesisListener(id = "manual", checkpointMode = "manual", concurrency = "4")
		void onRecord(String record) {
		}

	}

	static class SameIdListeners {

		@KinesisListener(id = "orders")
		void first(List<String> batch) {
		}

		@KinesisListener(id = "orders")
		void second(List<String> batch) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAutoStartedListenerConfiguration {

		@Bean
		NotAutoStartedListener notAutoStartedListener() {
			return new NotAutoStartedListener();
		}

	}

	static class NotAutoStartedListener {

		@KinesisListener(id = "orders", autoStartup = "false")
		void onBatch(List<String> batch) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		KinesisListenerContainerFactory userFactory(KinesisListenerContainerFactoryConfigurer configurer) {
			return configurer.createFactory();
		}

	}

}
