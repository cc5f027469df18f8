package io.github.kinetic.annotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.kinetic.listener.MissingStreamsPolicy;
import io.github.kinetic.listener.ConsumerSettings;
import io.github.kinetic.listener.KinesisListenerContainerFactory;
import io.github.kinetic.listener.KinesisListenerEndpoint;
import io.github.kinetic.listener.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.StreamSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KinesisListenerAnnotationBeanPostProcessor}. The registry only
 * collects endpoints: it never creates or starts a container, so nothing here talks to
 * AWS.
 */
class KinesisListenerAnnotationBeanPostProcessorTests {

	@Test
	void registersEachAnnotatedMethod() {
		try (AnnotationConfigApplicationContext context = context(Map.of())) {
			context.registerBean("orderListener", OrderListener.class);
			context.refresh();
			List<KinesisListenerEndpoint> endpoints = context.getBean(CollectingRegistry.class).getEndpoints();
			assertThat(endpoints).extracting(KinesisListenerEndpoint::id)
				.containsExactlyInAnyOrder("orderListener.onOrders", "payments-listener");
			assertThat(endpoints)
				.allSatisfy((endpoint) -> assertThat(endpoint.bean()).isSameAs(context.getBean(OrderListener.class)));
		}
	}

	@Test
	void defaultsToEveryStream() {
		try (AnnotationConfigApplicationContext context = context(Map.of())) {
			context.registerBean("orderListener", OrderListener.class);
			context.refresh();
			assertThat(endpoint(context, "orderListener.onOrders").streams()).isEmpty();
		}
	}

	@Test
	void resolvesPlaceholdersInIdAndStreams() {
		try (AnnotationConfigApplicationContext context = context(
				Map.of("app.listener-id", "resolved-id", "app.stream", "resolved-stream"))) {
			context.registerBean("placeholderListener", PlaceholderListener.class);
			context.refresh();
			KinesisListenerEndpoint endpoint = endpoint(context, "resolved-id");
			assertThat(endpoint.streams()).containsExactly("resolved-stream", "fixed-stream");
		}
	}

	@Test
	void dropsStreamsThatResolveToNothing() {
		try (AnnotationConfigApplicationContext context = context(
				Map.of("app.listener-id", "resolved-id", "app.stream", ""))) {
			context.registerBean("placeholderListener", PlaceholderListener.class);
			context.refresh();
			assertThat(endpoint(context, "resolved-id").streams()).containsExactly("fixed-stream");
		}
	}

	// Fails against the current production code (minor).
	// KinesisListenerAnnotationBeanPostProcessor.endpoint checks
	// StringUtils.hasText(annotation.id()) before resolving placeholders, so an id such
	// as "${app.listener-id:}" that resolves to "" gives the endpoint an empty id instead
	// of the documented default, bean name and method name.
	@Test
	void defaultsIdWhenIdResolvesToNothing() {
		try (AnnotationConfigApplicationContext context = context(Map.of("app.stream", "resolved-stream"))) {
			context.registerBean("placeholderListener", PlaceholderListener.class);
			context.refresh();
			assertThat(context.getBean(CollectingRegistry.class).getEndpoints()).singleElement()
				.satisfies((endpoint) -> assertThat(endpoint.id()).isEqualTo("placeholderListener.onEvents"));
		}
	}

	@Test
	void ignoresBeansWithoutListeners() {
		try (AnnotationConfigApplicationContext context = context(Map.of())) {
			context.registerBean("plainBean", PlainBean.class);
			context.refresh();
			assertThat(context.getBean(CollectingRegistry.class).getEndpoints()).isEmpty();
		}
	}

	private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.registerBean(PropertySourcesPlaceholderConfigurer.class);
		context.registerBean(KinesisListenerAnnotationBeanPostProcessor.class);
		context.registerBean(KinesisListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME, CollectingRegistry.class,
				() -> new CollectingRegistry(containerFactory()));
		return context;
	}

	private static KinesisListenerEndpoint endpoint(AnnotationConfigApplicationContext context, String id) {
		return context.getBean(CollectingRegistry.class)
			.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No endpoint " + id));
	}

	private static KinesisListenerContainerFactory containerFactory() {
		ConsumerSettings settings = new ConsumerSettings("orders-app",
				List.of(new StreamSettings("orders",
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST))),
				false, "worker-1", Duration.ofSeconds(10), 10000, Duration.ofSeconds(1), Duration.ofSeconds(20),
				BillingMode.PAY_PER_REQUEST, Map.of(), false, null, MissingStreamsPolicy.FAIL, Duration.ofSeconds(10),
				false);
		// the clients are never used: the registry below creates no container
		return new KinesisListenerContainerFactory(settings, null, (record, type) -> record, new FixedBackOff(),
				List.of());
	}

	/**
	 * Collects endpoints only.
	 */
	static class CollectingRegistry extends KinesisListenerEndpointRegistry {

		CollectingRegistry(KinesisListenerContainerFactory containerFactory) {
			super(containerFactory);
		}

		@Override
		public void afterSingletonsInstantiated() {
		}

		@Override
		public void start() {
		}

	}

	static class OrderListener {

		@KinesisListener
		void onOrders(List<String> orders) {
		}

		@KinesisListener(id = "payments-listener", streams = "payments")
		void onPayments(List<String> payments) {
		}

		void notAListener(List<String> ignored) {
		}

	}

	static class PlaceholderListener {

		@KinesisListener(id = "${app.listener-id:}", streams = { "${app.stream}", "fixed-stream" })
		void onEvents(List<String> events) {
		}

	}

	static class PlainBean {

		void onOrders(List<String> orders) {
		}

	}

}
