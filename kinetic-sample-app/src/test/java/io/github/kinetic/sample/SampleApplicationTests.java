package io.github.kinetic.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import io.github.kinetic.test.LocalAwsEmulatorsConfiguration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application against the local Kinesis and DynamoDB emulators, with its own
 * streams and application name.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LocalAwsEmulatorsConfiguration.class)
// closed after the class rather than at JVM exit, so its KCL workers stop with it
@DirtiesContext
class SampleApplicationTests {

	// KCL waits up to 30 s on a fresh lease table before its first shard sync, then
	// assigns leases on its own period
	private static final Duration FIRST_RECORD = Duration.ofMinutes(3);

	private static final String PLUTO_STREAM = KineticTestApplications.uniqueName("pluto");

	private static final String MARS_STREAM = KineticTestApplications.uniqueName("mars");

	private static final String DEAD_LETTER_STREAM = KineticTestApplications.uniqueName("dead-letters");

	@DynamicPropertySource
	static void localAws(DynamicPropertyRegistry registry) {
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			aws.createStream(PLUTO_STREAM, 2);
			aws.createStream(MARS_STREAM, 1);
			aws.createStream(DEAD_LETTER_STREAM, 1);
		}
		KineticTestApplications.timingProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("kinetic.application-name", () -> KineticTestApplications.uniqueName("hubble"));
		registry.add("sample.streams.pluto", () -> PLUTO_STREAM);
		registry.add("sample.streams.mars", () -> MARS_STREAM);
		registry.add("sample.streams.dead-letters", () -> DEAD_LETTER_STREAM);
		registry.add("sample.producer.interval", () -> "500ms");
		registry.add("sample.producer.unreadable-every", () -> "2");
	}

	@Autowired
	private PlutoListener plutoListener;

	@Autowired
	private MarsListener marsListener;

	@LocalServerPort
	private int port;

	@Test
	void listenersReceiveWhatTheDemoProducerSends() {
		await().atMost(FIRST_RECORD)
			.untilAsserted(() -> assertThat(this.plutoListener.receivedReadings()).isPositive());
		await().atMost(FIRST_RECORD).untilAsserted(() -> assertThat(this.marsListener.receivedMessages()).isPositive());
	}

	@Test
	void unreadableReadingsReachTheDeadLetterStreamWithTheirMetadata() {
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			await().atMost(FIRST_RECORD).untilAsserted(() -> assertThat(deadLetters(aws)).isNotEmpty());
			assertThat(deadLetters(aws)).allSatisfy((envelope) -> assertThat(envelope)
				.contains("\"sourceStream\":\"" + PLUTO_STREAM + "\"")
				.contains("\"conversionFailure\":true")
				.contains("\"data\":\""
						+ Base64.getEncoder().encodeToString("temperature: very cold".getBytes(StandardCharsets.UTF_8))
						+ "\""));
		}
	}

	private static List<String> deadLetters(AwsTestClients aws) {
		String iterator = aws.kinesis()
			.getShardIterator((request) -> request.streamName(DEAD_LETTER_STREAM)
				.shardId("shardId-000000000000")
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
			.join()
			.shardIterator();
		return aws.kinesis()
			.getRecords((request) -> request.shardIterator(iterator))
			.join()
			.records()
			.stream()
			.map((record) -> record.data().asUtf8String())
			.toList();
	}

	@Test
	void servesTheLeasesOfBothStreams() {
		await().atMost(FIRST_RECORD).untilAsserted(() -> assertThat(this.marsListener.receivedMessages()).isPositive());
		String leases = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/kinesis-leases")
			.retrieve()
			.body(String.class);
		assertThat(leases).contains("\"mode\":\"MULTI_STREAM\"")
			.contains("\"stream\":\"" + PLUTO_STREAM + "\"")
			.contains("\"stream\":\"" + MARS_STREAM + "\"")
			.contains("\"ownedByThisWorker\":true");
	}

	@Test
	void servesActuatorHealth() {
		String health = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.body(String.class);
		assertThat(health).contains("\"status\":\"UP\"");
	}

}
