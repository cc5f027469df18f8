package io.github.kinetic.autoconfigure;

import java.time.Clock;

import io.github.kinetic.annotation.KinesisListenerAnnotationBeanPostProcessor;
import io.github.kinetic.listener.ConsumerSettings;
import io.github.kinetic.listener.DefaultPayloadConverter;
import io.github.kinetic.listener.JacksonPayloadConverter;
import io.github.kinetic.listener.KinesisClients;
import io.github.kinetic.listener.KinesisListenerContainerFactory;
import io.github.kinetic.listener.KinesisListenerEndpointRegistry;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.PayloadConverter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.coordinator.Scheduler;

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
		return new ConsumerSettingsMapper(Clock.systemUTC()).map(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisListenerContainerFactory kinesisListenerContainerFactory(ConsumerSettings settings,
			KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, CloudWatchAsyncClient cloudWatch,
			PayloadConverter payloadConverter, KineticProperties properties,
			ObjectProvider<KinesisSchedulerCustomizer> customizers, ObjectProvider<ListenerObserver> observers) {
		KinesisListenerContainerFactory factory = new KinesisListenerContainerFactory(settings,
				new KinesisClients(kinesis, dynamoDb, cloudWatch), payloadConverter,
				backOff(properties.getListener().getBackOff()), customizers.orderedStream().toList());
		factory.setListenerObserver(ListenerObserver.composite(observers.orderedStream().toList()));
		return factory;
	}

	private static BackOff backOff(KineticProperties.BackOff properties) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.getInitialInterval().toMillis(),
				properties.getMultiplier());
		backOff.setMaxInterval(properties.getMaxInterval().toMillis());
		return backOff;
	}

	@Bean(KinesisListenerAnnotationBeanPostProcessor.REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean
	KinesisListenerEndpointRegistry kinesisListenerEndpointRegistry(KinesisListenerContainerFactory containerFactory) {
		return new KinesisListenerEndpointRegistry(containerFactory);
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

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class LogbackConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LockClientInterruptLogFilter kineticLockClientInterruptLogFilter() {
			return new LockClientInterruptLogFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawPayloadConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PayloadConverter kinesisPayloadConverter() {
			return new DefaultPayloadConverter(null);
		}

	}

}
