package io.github.kinetic.annotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.kinetic.container.KinesisListenerEndpoint;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.container.KinesisListenerEndpoint.FailureSettings;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The failure and filter attributes of {@link KinesisListener}, as the post-processor
 * reads them.
 */
class KinesisListenerControlAttributesTests {

	private final KinesisListenerEndpointRegistry registry = mock(KinesisListenerEndpointRegistry.class);

	private final KinesisRecordFilter noiseFilter = (record) -> true;

	private final KinesisRecordRecoverer auditRecoverer = (failed) -> {
	};

	@Test
	void readsEachFailureAttributeAfterResolvingPlaceholders() {
		postProcessor().postProcessAfterInitialization(new TunedListener(), "tunedListener");
		FailureSettings settings = registeredEndpoint().failureSettings();
		assertThat(settings.maxAttempts()).isEqualTo(3);
		assertThat(settings.backOffInitialInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(settings.backOffMultiplier()).isEqualTo(1.5);
		assertThat(settings.backOffMaxInterval()).isEqualTo(Duration.ofSeconds(4));
		assertThat(settings.recoverer()).isSameAs(this.auditRecoverer);
		assertThat(settings.deadLetterStream()).isNull();
	}

	@Test
	void readsADeadLetterStreamAndIsoDurations() {
		postProcessor().postProcessAfterInitialization(new DeadLetterListener(), "deadLetterListener");
		FailureSettings settings = registeredEndpoint().failureSettings();
		assertThat(settings.deadLetterStream()).isEqualTo("orders-dlq");
		assertThat(settings.backOffMaxInterval()).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.recoverer()).isNull();
	}

	@Test
	void leavesEverySettingToThePropertiesWhenNoAttributeIsSet() {
		postProcessor().postProcessAfterInitialization(new PlainListener(), "plainListener");
		assertThat(registeredEndpoint().failureSettings()).isEqualTo(FailureSettings.NONE);
	}

	@Test
	void readsTheFilterBeanNamed() {
		postProcessor().postProcessAfterInitialization(new FilteredListener(), "filteredListener");
		assertThat(registeredEndpoint().filter()).isSameAs(this.noiseFilter);
	}

	@Test
	void rejectsAFilterBeanThatDoesNotExist() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new MissingFilterListener(), "missing"))
			.withMessageContaining("filter 'nowhere'")
			.withMessageContaining("no KinesisRecordFilter bean");
	}

	@Test
	void readsTheMaximumRecordAgeAfterResolvingPlaceholders() {
		postProcessor().postProcessAfterInitialization(new AgedListener(), "agedBatchListener");
		FailureSettings settings = registeredEndpoint().failureSettings();
		assertThat(settings.maxRecordAge()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void rejectsAMaximumRecordAgeOfZero() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new ZeroAgeListener(), "zeroAge"))
			.withMessageContaining("maxRecordAge '0s'")
			.withMessageContaining("a positive duration");
	}

	@Test
	void rejectsAttemptsBelowOneNamingTheMethodAndTheAttribute() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new ZeroAttemptsListener(), "zero"))
			.withMessageContaining(ZeroAttemptsListener.class.getName() + ".onRecord")
			.withMessageContaining("maxAttempts '0'");
	}

	@Test
	void rejectsADurationItCannotRead() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new BadDurationListener(), "bad"))
			.withMessageContaining("backOffInitialInterval 'soon'");
	}

	@Test
	void rejectsARecovererBeanThatDoesNotExist() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new MissingRecovererListener(), "missing"))
			.withMessageContaining("recoverer 'nowhere'");
	}

	@Test
	void rejectsARecovererAndADeadLetterStreamTogether() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new BothListener(), "both"))
			.withMessageContaining("sets both recoverer 'auditRecoverer' and deadLetterStream 'orders-dlq'");
	}

	@Test
	void readsConcurrencyAndBisectingAfterResolvingPlaceholders() {
		postProcessor().postProcessAfterInitialization(new ConcurrentListener(), "concurrentListener");
		KinesisListenerEndpoint endpoint = registeredEndpoint();
		assertThat(endpoint.concurrency()).isEqualTo(8);
		assertThat(endpoint.failureSettings().bisectOnFailure()).isTrue();
	}

	@Test
	void leavesConcurrencyAndBisectingToThePropertiesWhenNotSet() {
		postProcessor().postProcessAfterInitialization(new PlainListener(), "plainListener");
		KinesisListenerEndpoint endpoint = registeredEndpoint();
		assertThat(endpoint.concurrency()).isNull();
		assertThat(endpoint.failureSettings().bisectOnFailure()).isNull();
	}

	@Test
	void rejectsAConcurrencyBelowOne() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new NoConcurrencyListener(), "none"))
			.withMessageContaining(NoConcurrencyListener.class.getName() + ".onRecord")
			.withMessageContaining("concurrency '0'");
	}

	@Test
	void rejectsABisectValueOtherThanTrueOrFalse() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> postProcessor().postProcessAfterInitialization(new BadBisectListener(), "bad"))
			.withMessageContaining("bisectOnFailure 'yes'")
			.withMessageContaining("true or false");
	}

	private KinesisListenerEndpoint registeredEndpoint() {
		ArgumentCaptor<KinesisListenerEndpoint> endpoint = ArgumentCaptor.forClass(KinesisListenerEndpoint.class);
		verify(this.registry).registerEndpoint(endpoint.capture());
		return endpoint.getValue();
	}

	private KinesisListenerAnnotationBeanPostProcessor postProcessor() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("app.attempts", "3", "app.recoverer", "auditRecoverer",
					"app.max-age", "10m", "app.concurrency", "8", "app.bisect", "true")));
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.addEmbeddedValueResolver(environment::resolvePlaceholders);
		beanFactory.registerSingleton(KinesisListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME, this.registry);
		beanFactory.registerSingleton("auditRecoverer", this.auditRecoverer);
		beanFactory.registerSingleton("noiseFilter", this.noiseFilter);
		KinesisListenerAnnotationBeanPostProcessor processor = new KinesisListenerAnnotationBeanPostProcessor();
		processor.setBeanFactory(beanFactory);
		return processor;
	}

	static class ConcurrentListener {

		@KinesisListener(concurrency = "${app.concurrency}", bisectOnFailure = "${app.bisect}")
		void onRecords(List<String> records) {
		}

	}

	static class NoConcurrencyListener {

		@KinesisListener(concurrency = "0")
		void onRecord(String record) {
		}

	}

	static class BadBisectListener {

		@KinesisListener(bisectOnFailure = "yes")
		void onRecords(List<String> records) {
		}

	}

	static class TunedListener {

		@KinesisListener(maxAttempts = "${app.attempts}", backOffInitialInterval = "250ms", backOffMultiplier = "1.5",
				backOffMaxInterval = "4s", recoverer = "${app.recoverer}")
		void onRecord(String record) {
		}

	}

	static class AgedListener {

		@KinesisListener(maxRecordAge = "${app.max-age}")
		void onRecords(List<String> records) {
		}

	}

	static class ZeroAgeListener {

		@KinesisListener(maxRecordAge = "0s")
		void onRecord(String record) {
		}

	}

	static class DeadLetterListener {

		@KinesisListener(deadLetterStream = "orders-dlq", backOffMaxInterval = "PT2M")
		void onRecord(String record) {
		}

	}

	static class FilteredListener {

		@KinesisListener(filter = "noiseFilter")
		void onRecord(String record) {
		}

	}

	static class MissingFilterListener {

		@KinesisListener(filter = "nowhere")
		void onRecord(String record) {
		}

	}

	static class PlainListener {

		@KinesisListener
		void onRecord(String record) {
		}

	}

	static class ZeroAttemptsListener {

		@KinesisListener(maxAttempts = "0")
		void onRecord(String record) {
		}

	}

	static class BadDurationListener {

		@KinesisListener(backOffInitialInterval = "soon")
		void onRecord(String record) {
		}

	}

	static class MissingRecovererListener {

		@KinesisListener(recoverer = "nowhere")
		void onRecord(String record) {
		}

	}

	static class BothListener {

		@KinesisListener(recoverer = "auditRecoverer", deadLetterStream = "orders-dlq")
		void onRecord(String record) {
		}

	}

}
