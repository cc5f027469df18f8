package io.github.kinetic.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The secret access key and the session token of {@code kinetic.creds} appear in no log
 * line (with the AWS SDK, kinetic and Spring Boot at TRACE), no actuator response
 * ({@code env} and {@code configprops} with every value shown, {@code health},
 * {@code beans}, {@code kinesis-leases}, {@code kinesis-listeners}) and no thread name,
 * while the application consumes with them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsEndToEndTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final AwsTestClients aws = AwsTestClients.shared();

	private static final List<String> ENDPOINTS = List.of("/actuator/env", "/actuator/configprops", "/actuator/health",
			"/actuator/beans", "/actuator/kinesis-leases", "/actuator/kinesis-listeners");

	@Test
	void theSecretAndTheSessionTokenAppearInNoLogResponseOrThreadName(CapturedOutput output) throws Exception {
		String secret = "SeCrEtKeY" + UUID.randomUUID().toString().replace("-", "");
		String token = "SeSsIoNtOkEn" + UUID.randomUUID().toString().replace("-", "");
		String stream = KineticTestApplications.uniqueName("secrets");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("one", "two", "three"));
		Map<String, Object> properties = new LinkedHashMap<>(KineticTestApplications.baseProperties());
		properties.put("server.port", "0");
		properties.put("kinetic.application-name", KineticTestApplications.uniqueName("app"));
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.creds.access-key-id", "AKIDSECRETSTEST");
		properties.put("kinetic.creds.secret-access-key", secret);
		properties.put("kinetic.creds.session-token", token);
		properties.put("logging.level.software.amazon", "TRACE");
		properties.put("logging.level.io.github.kinetic", "TRACE");
		properties.put("logging.level.org.springframework.boot", "TRACE");
		properties.put("management.endpoints.web.exposure.include", "*");
		properties.put("management.endpoint.env.show-values", "always");
		properties.put("management.endpoint.configprops.show-values", "always");
		properties.put("management.endpoint.health.show-details", "always");
		List<String> places = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CollectingListenerApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(properties)
			.run()) {
			CollectingListener listener = context.getBean(CollectingListener.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.received.size() >= 3);
			for (String endpoint : ENDPOINTS) {
				HttpResponse<String> response = get(context, endpoint);
				assertThat(response.statusCode()).as(endpoint).isEqualTo(200);
				check(places, endpoint, response.body(), secret, token);
			}
			// the configured values are there to be hidden: the access key id is shown
			assertThat(get(context, "/actuator/env").body()).contains("AKIDSECRETSTEST");
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				check(places, "thread " + thread.getName(), thread.getName(), secret, token);
			}
		}
		check(places, "log", output.toString(), secret, token);
		assertThat(output.toString()).as("TRACE logging of the AWS SDK was on").contains("software.amazon");
		assertThat(places).isEmpty();
	}

	private static void check(List<String> places, String place, String text, String secret, String token) {
		if (text.contains(secret)) {
			places.add("secret access key in " + place + ": " + around(text, secret));
		}
		if (text.contains(token)) {
			places.add("session token in " + place + ": " + around(text, token));
		}
	}

	private static String around(String text, String value) {
		int at = text.indexOf(value);
		return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + value.length() + 100));
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return http.send(HttpRequest
			.newBuilder(
					URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
