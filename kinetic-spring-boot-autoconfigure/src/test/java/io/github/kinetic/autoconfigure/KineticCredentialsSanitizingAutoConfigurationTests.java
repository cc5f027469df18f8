package io.github.kinetic.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KineticCredentialsSanitizingAutoConfiguration}.
 */
class KineticCredentialsSanitizingAutoConfigurationTests {

	private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

	private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KineticCredentialsSanitizingAutoConfiguration.class,
				EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=" + SECRET,
				"kinetic.creds.session-token=" + TOKEN);

	@Test
	void masksTheSecretAndTokenInTheEnvironmentEndpoint() {
		this.contextRunner.run((context) -> {
			EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
			assertThat(endpoint.environmentEntry("kinetic.creds.secret-access-key").getProperty().getValue())
				.isEqualTo("******");
			assertThat(endpoint.environmentEntry("kinetic.creds.session-token").getProperty().getValue())
				.isEqualTo("******");
			// show-values=always really shows values: the access key id is visible
			assertThat(endpoint.environmentEntry("kinetic.creds.access-key-id").getProperty().getValue())
				.isEqualTo("AKIDEXAMPLE");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void masksTheSecretAndTokenInTheConfigurationPropertiesEndpoint() {
		this.contextRunner.run((context) -> {
			ConfigurationPropertiesReportEndpoint endpoint = context
				.getBean(ConfigurationPropertiesReportEndpoint.class);
			Map<String, Object> kinetic = endpoint.configurationProperties()
				.getContexts()
				.values()
				.iterator()
				.next()
				.getBeans()
				.values()
				.stream()
				.filter((bean) -> "kinetic".equals(bean.getPrefix()))
				.findFirst()
				.orElseThrow()
				.getProperties();
			Map<String, Object> creds = (Map<String, Object>) kinetic.get("creds");
			assertThat(creds).containsEntry("secretAccessKey", "******")
				.containsEntry("sessionToken", "******")
				.containsEntry("accessKeyId", "AKIDEXAMPLE");
			assertThat(kinetic.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
		});
	}

	@Test
	void recognisesTheKeyInEveryForm() {
		assertThat(KineticCredentialsSanitizingAutoConfiguration.isSecret("kinetic.creds.secret-access-key")).isTrue();
		assertThat(KineticCredentialsSanitizingAutoConfiguration.isSecret("KINETIC_CREDS_SECRETACCESSKEY")).isTrue();
		assertThat(KineticCredentialsSanitizingAutoConfiguration.isSecret("secretAccessKey")).isTrue();
		assertThat(KineticCredentialsSanitizingAutoConfiguration.isSecret("kinetic.creds.access-key-id")).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(KineticProperties.class)
	static class PropertiesConfiguration {

	}

}
