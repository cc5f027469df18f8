package io.github.kinetic.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code /actuator/kinesis-listeners} endpoint over HTTP, with real KCL against the
 * emulators.
 */
class KinesisListenersEndpointWebTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void showsTheListenersAndPausesResumesStopsAndStartsOneWhenControlIsEnabled() throws Exception {
		String stream = KineticTestApplications.uniqueName("listeners");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("one", "two"));
		try (ConfigurableApplicationContext context = run(application, stream,
				Map.of("kinetic.actuator.listener-control-enabled", "true"))) {
			Telescope telescope = context.getBean(Telescope.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> telescope.received.size() >= 2);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode shard = listener(get(context, "/actuator/kinesis-listeners")).get("ownedShards").get(0);
				assertThat(shard.get("millisBehindLatest")).isNotNull();
			});
			HttpResponse<String> response = get(context, "/actuator/kinesis-listeners");
			System.out.println("GET /actuator/kinesis-listeners: " + response.body());
			JsonNode listener = listener(response);
			assertThat(listener.get("id").asString()).isEqualTo("telescope");
			assertThat(listener.get("applicationName").asString()).isEqualTo(application);
			assertThat(listener.get("streams").get(0).asString()).isEqualTo(stream);
			assertThat(listener.get("state").asString()).isEqualTo("RUNNING");
			JsonNode shard = listener.get("ownedShards").get(0);
			assertThat(shard.get("stream").asString()).isEqualTo(stream);
			assertThat(shard.get("shardId").asString()).isEqualTo("shardId-000000000000");
			assertThat(shard.get("paused").asBoolean()).isFalse();

			HttpResponse<String> paused = post(context, "/actuator/kinesis-listeners/telescope/pause");
			System.out.println("POST /actuator/kinesis-listeners/telescope/pause: " + paused.body());
			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(json.readTree(paused.body()).get("state").asString()).isEqualTo("PAUSED");
			assertThat(json.readTree(paused.body()).get("ownedShards").get(0).get("paused").asBoolean()).isTrue();
			assertThat(json.readTree(post(context, "/actuator/kinesis-listeners/telescope/resume").body())
				.get("state")
				.asString()).isEqualTo("RUNNING");
			assertThat(json.readTree(post(context, "/actuator/kinesis-listeners/telescope/stop").body())
				.get("state")
				.asString()).isEqualTo("STOPPED");
			assertThat(json.readTree(get(context, "/actuator/kinesis-listeners/telescope").body()).get("ownedShards"))
				.isEmpty();
			assertThat(json.readTree(post(context, "/actuator/kinesis-listeners/telescope/start").body())
				.get("state")
				.asString()).isEqualTo("RUNNING");
			assertThat(post(context, "/actuator/kinesis-listeners/telescope/explode").statusCode()).isEqualTo(400);
			assertThat(get(context, "/actuator/kinesis-listeners/unknown").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void offersNoControlUnlessEnabled() throws Exception {
		String stream = KineticTestApplications.uniqueName("listeners");
		aws.createStream(stream, 1);
		try (ConfigurableApplicationContext context = run(KineticTestApplications.uniqueName("app"), stream,
				Map.of("test.auto-startup", "false"))) {
			JsonNode listener = listener(get(context, "/actuator/kinesis-listeners"));
			assertThat(listener.get("state").asString()).isEqualTo("STOPPED");
			// without the write operation, nothing is served at that path
			assertThat(post(context, "/actuator/kinesis-listeners/telescope/start").statusCode()).isEqualTo(404);
			assertThat(listener(get(context, "/actuator/kinesis-listeners")).get("state").asString())
				.isEqualTo("STOPPED");
		}
	}

	private static JsonNode listener(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode listeners = json.readTree(response.body()).get("listeners");
		assertThat(listeners).hasSize(1);
		return listeners.get(0);
	}

	private static ConfigurableApplicationContext run(String application, String stream,
			Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(KineticTestApplications.baseProperties());
		all.put("server.port", "0");
		all.put("kinetic.application-name", application);
		all.put("kinetic.streams[0].name", stream);
		all.put("kinetic.streams[0].start-from.position", "trim-horizon");
		all.put("management.endpoints.web.exposure.include", "kinesislisteners");
		all.putAll(properties);
		return new SpringApplicationBuilder(TelescopeApplication.class).web(WebApplicationType.SERVLET)
			.properties(all)
			.run();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(context, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TelescopeApplication {

		@Bean
		Telescope telescope() {
			return new Telescope();
		}

	}

	static class Telescope {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "telescope", autoStartup = "${test.auto-startup:true}")
		void onBatch(List<String> batch) {
			this.received.addAll(batch);
		}

	}

}
