package io.github.kinetic.autoconfigure;

import java.nio.charset.StandardCharsets;

import io.github.kinetic.producer.KinesisPayloadWriter;
import io.github.kinetic.producer.KinesisTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link KinesisTemplate} of {@link KineticAutoConfiguration}.
 */
class KinesisTemplateAutoConfigurationTests {

	// nothing listens on the endpoint and no test sends a request
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class, KineticAutoConfiguration.class))
		.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
				"kinetic.region=us-east-1", "kinetic.endpoint=http://127.0.0.1:9",
				"kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t");

	@Test
	void writesPayloadsWithTheApplicationsJsonMapper() {
		this.contextRunner.withUserConfiguration(SnakeCaseMapperConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(KinesisTemplate.class);
			byte[] json = context.getBean(KinesisPayloadWriter.class).write(new Order("o-1"));
			assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":\"o-1\"}");
		});
	}

	@Test
	void backsOffForTheApplicationsTemplate() {
		this.contextRunner.withUserConfiguration(UserTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(KinesisTemplate.class);
			assertThat(context.getBean(KinesisTemplate.class)).isSameAs(context.getBean("userTemplate"));
		});
	}

	@Test
	void withoutJacksonTheTemplateSendsBytesAndTextOnly() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			assertThat(context).hasSingleBean(KinesisTemplate.class);
			assertThat(context).doesNotHaveBean(KinesisPayloadWriter.class);
		});
	}

	record Order(String orderId) {
	}

	@Configuration(proxyBeanMethods = false)
	static class SnakeCaseMapperConfiguration {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		@Bean
		KinesisTemplate userTemplate(KinesisAsyncClient kinesis) {
			return new KinesisTemplate(kinesis, null);
		}

	}

}
