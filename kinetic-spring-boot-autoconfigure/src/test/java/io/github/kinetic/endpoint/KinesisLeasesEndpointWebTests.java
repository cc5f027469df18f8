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
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint over HTTP, in a servlet application.
 */
@ExtendWith(OutputCaptureExtension.class)
class KinesisLeasesEndpointWebTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void servesTheLeasesAtActuatorKinesisLeasesWithoutEndpointIdWarningNorCredentials(CapturedOutput output)
			throws Exception {
		String stream = KineticTestApplications.uniqueName("web");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		aws.putRecords(stream, List.of("one", "two", "three"));
		try (ConfigurableApplicationContext context = run(CollectingListenerApplication.class, application, stream,
				Map.of("management.endpoints.web.exposure.include", "health,kinesisleases"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= 3);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				HttpResponse<String> response = get(context, "/actuator/kinesis-leases");
				assertThat(response.statusCode()).isEqualTo(200);
				JsonNode lease = json.readTree(response.body()).get("leases").get(0);
				assertThat(lease.get("checkpoint").get("sentinel").asBoolean()).isFalse();
			});
			HttpResponse<String> response = get(context, "/actuator/kinesis-leases");
			JsonNode body = json.readTree(response.body());
			assertThat(body.get("applicationName").asString()).isEqualTo(application);
			assertThat(body.get("mode").asString()).isEqualTo("SINGLE_STREAM");
			assertThat(body.get("workerId").asString()).isNotBlank();
			JsonNode lease = body.get("leases").get(0);
			// fields without a value (here pendingCheckpoint) are left out, as in every
			// actuator endpoint
			assertThat(lease.propertyNames()).containsExactly("leaseKey", "stream", "shardId", "owner",
					"ownedByThisWorker", "leaseCounter", "checkpoint", "parentShardIds", "childShardIds",
					"hashKeyRange", "millisBehindLatest");
			assertThat(lease.get("stream").asString()).isEqualTo(stream);
			assertThat(lease.get("ownedByThisWorker").asBoolean()).isTrue();
			assertThat(lease.get("checkpoint").propertyNames()).containsExactly("sequenceNumber", "subSequenceNumber",
					"sentinel");
			assertThat(lease.get("hashKeyRange").propertyNames()).containsExactly("startingHashKey", "endingHashKey");
			assertThat(get(context, "/actuator/kinesis-leases/" + stream).statusCode()).isEqualTo(200);
			assertThat(response.body()).doesNotContain(LocalAwsEmulators.ACCESS_KEY_ID)
				.doesNotContain(LocalAwsEmulators.SECRET_ACCESS_KEY);
			assertThat(output).doesNotContain("Endpoint ID").doesNotContain("invalid characters");
			// Boot warns once per JVM: check the id itself too, whatever ran before
			assertThat(context.getBean(WebEndpointsSupplier.class).getEndpoints())
				.filteredOn((endpoint) -> endpoint.getRootPath().equals("kinesis-leases"))
				.singleElement()
				.satisfies((endpoint) -> assertThat(endpoint.getEndpointId().toString()).isEqualTo("kinesisleases"));
		}
	}

	@Test
	void isNotExposedOverHttpUnlessIncluded() throws Exception {
		try (ConfigurableApplicationContext context = run(NoListenerConfiguration.class,
				KineticTestApplications.uniqueName("app"), "not-consumed", Map.of())) {
			assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
			assertThat(get(context, "/actuator/kinesis-leases").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void answersNotFoundForAStreamItDoesNotKnowAndOffersNoResetUnlessEnabled() throws Exception {
		String application = KineticTestApplications.uniqueName("app");
		try (ConfigurableApplicationContext context = run(NoListenerConfiguration.class, application, "configured",
				Map.of("management.endpoints.web.exposure.include", "kinesisleases"))) {
			assertThat(get(context, "/actuator/kinesis-leases").statusCode()).isEqualTo(200);
			HttpResponse<String> configuredGroup = get(context, "/actuator/kinesis-leases?application=" + application);
			assertThat(configuredGroup.statusCode()).isEqualTo(200);
			assertThat(json.readTree(configuredGroup.body()).get("applicationName").asString()).isEqualTo(application);
			assertThat(get(context, "/actuator/kinesis-leases?application=no-such-group").statusCode()).isEqualTo(404);
			assertThat(get(context, "/actuator/kinesis-leases/configured").statusCode()).isEqualTo(200);
			assertThat(get(context, "/actuator/kinesis-leases/unknown").statusCode()).isEqualTo(404);
			assertThat(delete(context, "/actuator/kinesis-leases/configured").statusCode()).isEqualTo(405);
		}
	}

	@Test
	void servesThePathTheUserMapsInstead() throws Exception {
		try (ConfigurableApplicationContext context = run(NoListenerConfiguration.class,
				KineticTestApplications.uniqueName("app"), "configured",
				Map.of("management.endpoints.web.exposure.include", "kinesis-leases",
						"management.endpoints.web.path-mapping.kinesisleases", "leases"))) {
			assertThat(get(context, "/actuator/leases").statusCode()).isEqualTo(200);
			assertThat(get(context, "/actuator/kinesis-leases").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void resetsAStreamSoThatItIsConsumedAgainFromItsStartPosition() throws Exception {
		String stream = KineticTestApplications.uniqueName("reset");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		List<String> sent = IntStream.range(0, 10).mapToObj((i) -> "record-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = run(CollectingListenerApplication.class, application, stream,
				Map.of("management.endpoints.web.exposure.include", "kinesisleases",
						"kinetic.actuator.lease-reset-enabled", "true"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= sent.size());
			assertThat(received).containsExactlyElementsOf(sent);
			HttpResponse<String> response = delete(context, "/actuator/kinesis-leases/" + stream);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = json.readTree(response.body());
			assertThat(body.get("stream").asString()).isEqualTo(stream);
			assertThat(body.get("deletedLeaseKeys").get(0).asString()).isEqualTo("shardId-000000000000");
			assertThat(body.get("containerRestarted").asBoolean()).isTrue();
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= 2 * sent.size());
			assertThat(received.subList(sent.size(), received.size())).containsExactlyElementsOf(sent);
		}
	}

	private static ConfigurableApplicationContext run(Class<?> configuration, String application, String stream,
			Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(KineticTestApplications.baseProperties());
		all.put("server.port", "0");
		all.put("kinetic.application-name", application);
		all.put("kinetic.streams[0].name", stream);
		all.put("kinetic.streams[0].start-from.position", "trim-horizon");
		all.putAll(properties);
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.SERVLET).properties(all).run();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> delete(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(context, path)).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NoListenerConfiguration {

	}

}
