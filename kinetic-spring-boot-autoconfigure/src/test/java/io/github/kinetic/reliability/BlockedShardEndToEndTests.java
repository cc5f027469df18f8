package io.github.kinetic.reliability;

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
import io.github.kinetic.metrics.KinesisLeaseMetrics;
import io.github.kinetic.metrics.MicrometerListenerObserver;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that can never be delivered, with no recoverer: bytes that are not UTF-8 for a
 * {@code String} listener. The shard waits on it, health, the leases endpoint and a gauge
 * show it, the log has one stack trace and then one line per attempt, and a skip through
 * the listeners endpoint releases it.
 */
@ExtendWith(OutputCaptureExtension.class)
class BlockedShardEndToEndTests {

	private static final String SHARD = "shardId-000000000000";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = new JsonMapper();

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void holdsTheShardShowsItAndReleasesItWhenAnOperatorSkipsTheRecord(CapturedOutput output) throws Exception {
		String stream = KineticTestApplications.uniqueName("blocked");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		put(stream, SdkBytes.fromUtf8String("before"));
		String blockedSequenceNumber = put(stream,
				SdkBytes.fromByteArray(new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF }));
		put(stream, SdkBytes.fromUtf8String("after-1"));
		try (ConfigurableApplicationContext context = run(application, stream)) {
			Recorder recorder = context.getBean(Recorder.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> recorder.received.contains("before"));
			JsonNode blocked = await().atMost(Duration.ofMinutes(1))
				.until(() -> blockedInHealth(context), (node) -> node != null && node.get("attempts").asInt() >= 3);
			System.out.println("Blocked shard in health: " + blocked);
			assertThat(blocked.get("listenerId").asString()).isEqualTo("bytes");
			assertThat(blocked.get("stream").asString()).isEqualTo(stream);
			assertThat(blocked.get("shardId").asString()).isEqualTo(SHARD);
			assertThat(blocked.get("sequenceNumber").asString()).isEqualTo(blockedSequenceNumber);
			assertThat(blocked.get("since").asString()).isNotEmpty();
			assertThat(blocked.get("failure").asString())
				.startsWith("io.github.kinetic.listener.PayloadConversionException");
			assertThat(json.readTree(get(context, "/actuator/health").body()).get("status").asString()).isEqualTo("UP");
			JsonNode lease = json.readTree(get(context, "/actuator/kinesis-leases").body()).get("leases").get(0);
			System.out.println("Blocked lease: " + lease);
			assertThat(lease.get("blocked").get("sequenceNumber").asString()).isEqualTo(blockedSequenceNumber);
			assertThat(lease.get("blocked").get("listenerId").asString()).isEqualTo("bytes");
			assertThat(meters.get(KinesisLeaseMetrics.BLOCKED_SHARDS).gauge().value()).isEqualTo(1.0);
			assertThat(recorder.received).containsExactly("before");

			HttpResponse<String> skipped = post(context,
					"/actuator/kinesis-listeners/bytes/skip/" + stream + "/" + SHARD);
			System.out.println("Skip: " + skipped.statusCode() + " " + skipped.body());
			assertThat(skipped.statusCode()).isEqualTo(200);
			assertThat(json.readTree(skipped.body()).get("sequenceNumber").asString()).isEqualTo(blockedSequenceNumber);
			await().atMost(Duration.ofMinutes(1)).until(() -> recorder.received.contains("after-1"));
			put(stream, SdkBytes.fromUtf8String("after-2"));
			await().atMost(Duration.ofMinutes(1))
				.untilAsserted(() -> assertThat(recorder.received).containsExactly("before", "after-1", "after-2"));
			assertThat(blockedInHealth(context)).isNull();
			assertThat(post(context, "/actuator/kinesis-listeners/bytes/skip/" + stream + "/" + SHARD).statusCode())
				.isEqualTo(400);
			assertThat(post(context, "/actuator/kinesis-listeners/bytes/pause").statusCode()).isEqualTo(400);
			JsonNode released = json.readTree(get(context, "/actuator/kinesis-leases").body()).get("leases").get(0);
			assertThat(released.get("blocked") == null || released.get("blocked").isNull()).isTrue();
			assertThat(meters.get(KinesisLeaseMetrics.BLOCKED_SHARDS).gauge().value()).isEqualTo(0.0);
			assertThat(meters.get(MicrometerListenerObserver.SKIPPED).counter().count()).isEqualTo(1.0);
		}
		List<String> traces = output.toString()
			.lines()
			.filter((line) -> line.startsWith("io.github.kinetic.listener.PayloadConversionException"))
			.toList();
		assertThat(traces).hasSize(1);
		String prefix = "Listener bytes failed again on " + stream + "/" + SHARD + " at sequence number "
				+ blockedSequenceNumber + " (attempt ";
		assertThat(output.toString().lines().filter((line) -> line.contains(prefix))).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((line) -> assertThat(line).contains("PayloadConversionException: Cannot read record"));
		assertThat(output).contains("Record of " + stream + "/" + SHARD + " at sequence number " + blockedSequenceNumber
				+ " skipped by an operator: listener bytes never processed it");
	}

	private static String put(String stream, SdkBytes data) {
		return aws.kinesis()
			.putRecord((request) -> request.streamName(stream).partitionKey("key").data(data))
			.join()
			.sequenceNumber();
	}

	private static JsonNode blockedInHealth(ConfigurableApplicationContext context) throws Exception {
		JsonNode blockedShards = json.readTree(get(context, "/actuator/health").body()).findValue("blockedShards");
		return (blockedShards != null && !blockedShards.isEmpty()) ? blockedShards.get(0) : null;
	}

	private static ConfigurableApplicationContext run(String application, String stream) {
		Map<String, Object> all = new LinkedHashMap<>(KineticTestApplications.baseProperties());
		all.put("server.port", "0");
		all.put("kinetic.application-name", application);
		all.put("kinetic.streams[0].name", stream);
		all.put("kinetic.streams[0].start-from.position", "trim-horizon");
		all.put("kinetic.listener.back-off.initial-interval", "300ms");
		all.put("kinetic.listener.back-off.max-interval", "600ms");
		all.put("kinetic.actuator.blocked-record-skip-enabled", "true");
		all.put("management.endpoints.web.exposure.include", "health,kinesisleases,kinesislisteners");
		all.put("management.endpoint.health.show-details", "always");
		return new SpringApplicationBuilder(BytesApplication.class).web(WebApplicationType.SERVLET)
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
	static class BytesApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener(id = "bytes")
		void onRecord(String payload) {
			this.received.add(payload);
		}

	}

}
