package io.github.kinetic.autoconfigure;

import java.time.Clock;

import io.github.kinetic.annotation.KinesisListenerAnnotationBeanPostProcessor;
import io.github.kinetic.container.KinesisListenerContainerFactory;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.lease.KinesisLeases;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import io.github.kinetic.listener.support.KinesisDeadLetterRecoverer;
import io.github.kinetic.observation.KinesisListenerObservationConvention;
import io.github.kinetic.observation.ListenerCallScope;
import io.github.kinetic.producer.KinesisPayloadWriter;
import io.github.kinetic.producer.KinesisTemplate;
import io.github.kinetic.retrieval.KinesisStreamConsumers;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.coordinator.Scheduler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.util.Assert;

/**
 * Auto-configuration of {@code @KinesisListener} consumers: one KCL scheduler for the
 * configured application, started and stopped with the application context.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = KineticAwsClientsAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Scheduler.class)
@EnableConfigurationProperties(KineticProperties.class)
public final class KineticAutoConfiguration {

	KineticAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ConsumerSettings kineticConsumerSettings(KineticProperties properties) {
		return new KineticPropertiesMapper(Clock.systemUTC()).map(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenerContainerFactoryConfigurer kinesisListenerContainerFactoryConfigurer(KineticProperties properties,
			ConsumerSettings settings, KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb,
			CloudWatchAsyncClient cloudWatch, PayloadConverter payloadConverter,
			ObjectProvider<KinesisRecordRecoverer> recoverer, ObjectProvider<KinesisSchedulerCustomizer> customizers,
			ObjectProvider<ListenerObserver> observers, ObjectProvider<ListenerCallScope> callScope,
			ObjectProvider<KinesisRecordFilter> recordFilter) {
		KineticPropertiesMapper mapper = new KineticPropertiesMapper(Clock.systemUTC());
		KinesisListenerContainerFactoryConfigurer configurer = new KinesisListenerContainerFactoryConfigurer(settings,
				new KinesisClients(kinesis, dynamoDb, cloudWatch), payloadConverter,
				mapper.listenerSettings(properties.getListener(), recoverer.getIfUnique()),
				customizers.orderedStream().toList());
		configurer.setListenerObserver(ListenerObserver.composite(observers.orderedStream().toList()));
		configurer.setRecordFilter(recordFilter.getIfUnique());
		configurer.setIdleEventInterval(properties.getListener().getIdleEventInterval());
		configurer.setListenerCallScope(callScope.getIfUnique());
		configurer.setStartupFailurePolicy(properties.getStartupFailure(),
				mapper.startupRetryBackOff(properties.getStartupFailureRetry()));
		return configurer;
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenerContainerFactory kinesisListenerContainerFactory(
			KinesisListenerContainerFactoryConfigurer configurer) {
		return configurer.createFactory();
	}

	@Bean
	@ConditionalOnMissingBean(KinesisRecordRecoverer.class)
	@ConditionalOnProperty("kinetic.listener.dead-letter.stream")
	KinesisDeadLetterRecoverer kinesisDeadLetterRecoverer(KinesisTemplate template, KineticProperties properties) {
		String stream = properties.getListener().getDeadLetter().getStream();
		Assert.state(stream != null, "No dead-letter stream");
		return new KinesisDeadLetterRecoverer(template, stream);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisTemplate kinesisTemplate(KinesisAsyncClient kinesis, ObjectProvider<KinesisPayloadWriter> payloadWriter) {
		return new KinesisTemplate(kinesis, payloadWriter.getIfAvailable());
	}

	@Bean(KinesisListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean
	KinesisListenerEndpointRegistry kinesisListenerEndpointRegistry(KinesisListenerContainerFactory containerFactory) {
		return new KinesisListenerEndpointRegistry(containerFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisLeases kinesisLeases(DynamoDbAsyncClient dynamoDb, ConsumerSettings settings,
			KinesisListenerEndpointRegistry registry) {
		return new KinesisLeases(dynamoDb, settings,
				(stream) -> registry.isConsuming(settings.applicationName(), stream));
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisStreamConsumers kinesisStreamConsumers(KinesisAsyncClient kinesis, ConsumerSettings settings,
			KinesisListenerEndpointRegistry registry) {
		return new KinesisStreamConsumers(kinesis, settings, registry::isConsuming);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static KinesisListenerAnnotationBeanPostProcessor kinesisListenerAnnotationBeanPostProcessor() {
		return new KinesisListenerAnnotationBeanPostProcessor();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonPayloadConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PayloadConverter kinesisPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
			return new DefaultPayloadConverter(new JacksonPayloadConverter(mapper));
		}

		// the template writes with the mapper the listeners read with
		@Bean
		@ConditionalOnMissingBean
		KinesisPayloadWriter kinesisPayloadWriter(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
			return mapper::writeValueAsBytes;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBooleanProperty("kinetic.listener.observation-enabled")
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ListenerCallScope kinesisListenerObservationScope(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<KinesisListenerObservationConvention> convention) {
			return ListenerCallScope.observing(registry.getIfUnique(() -> ObservationRegistry.NOOP),
					convention.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class LogbackConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LockClientInterruptLogFilter kineticLockClientInterruptLogFilter() {
			return new LockClientInterruptLogFilter();
		}

		@Bean
		@ConditionalOnMissingBean
		SessionTokenLogFilter kineticSessionTokenLogFilter() {
			return new SessionTokenLogFilter();
		}

		@Bean
		@ConditionalOnMissingBean
		RecordFetchFailureLogFilter kineticRecordFetchFailureLogFilter() {
			return new RecordFetchFailureLogFilter();
		}

		@Bean
		@ConditionalOnMissingBean
		RepeatedFailureLogFilter kineticRepeatedFailureLogFilter() {
			return new RepeatedFailureLogFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class RawPayloadConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PayloadConverter kinesisPayloadConverter() {
			return new DefaultPayloadConverter(null);
		}

	}

}
