package io.github.kinetic.autoconfigure;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.health.KinesisHealthIndicator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.coordinator.Scheduler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code kinesis} health contributor.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = KineticAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, Scheduler.class })
@ConditionalOnBean(KinesisListenerEndpointRegistry.class)
@ConditionalOnEnabledHealthIndicator("kinesis")
@EnableConfigurationProperties(KineticProperties.class)
public final class KinesisHealthContributorAutoConfiguration {

	KinesisHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "kinesisHealthIndicator")
	KinesisHealthIndicator kinesisHealthIndicator(KinesisListenerEndpointRegistry registry, KinesisAsyncClient kinesis,
			DynamoDbAsyncClient dynamoDb, KineticProperties properties) {
		return new KinesisHealthIndicator(registry, kinesis, dynamoDb, properties.getActuator().getTimeout());
	}

}
