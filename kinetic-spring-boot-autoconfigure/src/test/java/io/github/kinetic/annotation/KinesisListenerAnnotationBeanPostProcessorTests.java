package io.github.kinetic.annotation;

import java.util.List;
import java.util.Map;

import io.github.kinetic.container.KinesisListenerEndpoint;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link KinesisListenerAnnotationBeanPostProcessor}.
 */
class KinesisListenerAnnotationBeanPostProcessorTests {

	private final KinesisListenerEndpointRegistry registry = mock(KinesisListenerEndpointRegistry.class);

	private final KinesisListenerAnnotationBeanPostProcessor postProcessor = postProcessor();

	@Test
	void registersAnEndpointWithResolvedAttributes() {
		this.postProcessor.postProcessAfterInitialization(new ConfiguredListener(), "configuredListener");
		KinesisListenerEndpoint endpoint = registeredEndpoint();
		assertThat(endpoint.id()).isEqualTo("orders-listener");
		assertThat(endpoint.streams()).containsExactly("orders", "refunds");
		assertThat(endpoint.checkpointMode()).isEqualTo(CheckpointMode.PERIODIC);
		assertThat(endpoint.autoStartup()).isFalse();
		assertThat(endpoint.method().getName()).isEqualTo("onBatch");
		assertThat(endpoint.applicationName()).isEqualTo("orders-audit");
		assertThat(endpoint.applicationNameOr("orders-app")).isEqualTo("orders-audit");
	}

	@Test
	void defaultsTheIdToBeanAndMethodNameAndLeavesTheModeToTheConfiguration() {
		this.postProcessor.postProcessAfterInitialization(new DefaultListener(), "defaultListener");
		KinesisListenerEndpoint endpoint = registeredEndpoint();
		assertThat(endpoint.id()).isEqualTo("defaultListener.onRecord");
		assertThat(endpoint.streams()).isEmpty();
		assertThat(endpoint.checkpointMode()).isNull();
		assertThat(endpoint.autoStartup()).isTrue();
		assertThat(endpoint.applicationName()).isNull();
		assertThat(endpoint.applicationNameOr("orders-app")).isEqualTo("orders-app");
	}

	@Test
	void leavesTheApplicationNameToTheConfigurationWhenItResolvesToNothing() {
		this.postProcessor.postProcessAfterInitialization(new BlankIdListener(), "blankIdListener");
		assertThat(registeredEndpoint().applicationName()).isNull();
	}

	@Test
	void refusesAnApplicationNameWithBlanks() {
		assertThatExceptionOfType(InvalidListenerMethodException.class).isThrownBy(
				() -> this.postProcessor.postProcessAfterInitialization(new BlankApplicationNameListener(), "wrong"))
			.withMessageContaining(BlankApplicationNameListener.class.getName() + ".onRecord")
			.withMessageContaining("applicationName ' audit'");
	}

	@Test
	void refusesAnUnknownCheckpointModeNamingTheMethod() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> this.postProcessor.postProcessAfterInitialization(new WrongModeListener(), "wrong"))
			.withMessageContaining(WrongModeListener.class.getName() + ".onRecord")
			.withMessageContaining("'sometimes'")
			.withMessageContaining("MANUAL");
		verify(this.registry, never()).registerEndpoint(org.mockito.ArgumentMatchers.any());
	}

	@Test
	void refusesAnAutoStartupThatIsNotABoolean() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(
					() -> this.postProcessor.postProcessAfterInitialization(new WrongAutoStartupListener(), "wrong"))
			.withMessageContaining("autoStartup 'later'");
	}

	@Test
	void registersEachAnnotatedMethodOfABeanAndNoOther() {
		TwoListeners bean = new TwoListeners();
		this.postProcessor.postProcessAfterInitialization(bean, "twoListeners");
		ArgumentCaptor<KinesisListenerEndpoint> endpoints = ArgumentCaptor.forClass(KinesisListenerEndpoint.class);
		verify(this.registry, times(2)).registerEndpoint(endpoints.capture());
		assertThat(endpoints.getAllValues()).extracting(KinesisListenerEndpoint::id)
			.containsExactlyInAnyOrder("twoListeners.onOrders", "payments-listener");
		assertThat(endpoints.getAllValues()).allSatisfy((endpoint) -> assertThat(endpoint.bean()).isSameAs(bean));
	}

	@Test
	void dropsStreamsThatResolveToNothing() {
		this.postProcessor.postProcessAfterInitialization(new BlankStreamsListener(), "blankStreamsListener");
		assertThat(registeredEndpoint().streams()).containsExactly("refunds");
	}

	@Test
	void defaultsTheIdToBeanAndMethodNameWhenItResolvesToNothing() {
		this.postProcessor.postProcessAfterInitialization(new BlankIdListener(), "blankIdListener");
		assertThat(registeredEndpoint().id()).isEqualTo("blankIdListener.onBatch");
	}

	@Test
	void ignoresBeansWithoutListeners() {
		PlainBean bean = new PlainBean();
		assertThat(this.postProcessor.postProcessAfterInitialization(bean, "plainBean")).isSameAs(bean);
		verifyNoInteractions(this.registry);
	}

	@Test
	void findsTheRegistryByTypeWhateverItsBeanName() {
		KinesisListenerEndpointRegistry otherRegistry = mock(KinesisListenerEndpointRegistry.class);
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("customRegistry", otherRegistry);
		KinesisListenerAnnotationBeanPostProcessor processor = new KinesisListenerAnnotationBeanPostProcessor();
		processor.setBeanFactory(beanFactory);
		processor.postProcessAfterInitialization(new DefaultListener(), "defaultListener");
		ArgumentCaptor<KinesisListenerEndpoint> endpoint = ArgumentCaptor.forClass(KinesisListenerEndpoint.class);
		verify(otherRegistry).registerEndpoint(endpoint.capture());
		assertThat(endpoint.getValue().id()).isEqualTo("defaultListener.onRecord");
	}

	private KinesisListenerEndpoint registeredEndpoint() {
		ArgumentCaptor<KinesisListenerEndpoint> endpoint = ArgumentCaptor.forClass(KinesisListenerEndpoint.class);
		verify(this.registry).registerEndpoint(endpoint.capture());
		return endpoint.getValue();
	}

	private KinesisListenerAnnotationBeanPostProcessor postProcessor() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("app.stream", "orders", "app.mode", "periodic",
					"app.auto-startup", "false", "app.id", "orders-listener", "app.group", "orders-audit")));
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.addEmbeddedValueResolver(environment::resolvePlaceholders);
		beanFactory.registerSingleton(KinesisListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME, this.registry);
		KinesisListenerAnnotationBeanPostProcessor processor = new KinesisListenerAnnotationBeanPostProcessor();
		processor.setBeanFactory(beanFactory);
		return processor;
	}

	static class ConfiguredListener {

		@KinesisListener(id = "${app.id}", streams = { "${app.stream}", "refunds" }, checkpointMode = "${app.mode}",
				autoStartup = "${app.auto-startup}", applicationName = "${app.group}")
		void onBatch(List<String> batch) {
		}

	}

	static class TwoListeners {

		@KinesisListener
		void onOrders(List<String> orders) {
		}

		@KinesisListener(id = "payments-listener", streams = "payments")
		void onPayments(List<String> payments) {
		}

		void notAListener(List<String> ignored) {
		}

	}

	static class BlankStreamsListener {

		@KinesisListener(streams = { "${app.blank:}", "refunds", " " })
		void onBatch(List<String> batch) {
		}

	}

	static class BlankIdListener {

		@KinesisListener(id = "${app.blank:}", applicationName = "${app.blank:}")
		void onBatch(List<String> batch) {
		}

	}

	static class PlainBean {

		void onOrders(List<String> orders) {
		}

	}

	static class DefaultListener {

		@KinesisListener
		void onRecord(String record) {
		}

	}

	static class WrongModeListener {

		@KinesisListener(checkpointMode = "sometimes")
		void onRecord(String record) {
		}

	}

	static class BlankApplicationNameListener {

		@KinesisListener(applicationName = " audit")
		void onRecord(String record) {
		}

	}

	static class WrongAutoStartupListener {

		@KinesisListener(autoStartup = "later")
		void onRecord(String record) {
		}

	}

}
