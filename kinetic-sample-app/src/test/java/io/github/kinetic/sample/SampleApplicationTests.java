package io.github.kinetic.sample;

import java.time.Duration;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import io.github.kinetic.test.LocalAwsEmulatorsConfiguration;
import org.junit.jupiter.api.Test;

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

	@DynamicPropertySource
	static void localAws(DynamicPropertyRegistry registry) {
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			aws.createStream(PLUTO_STREAM, 2);
			aws.createStream(MARS_STREAM, 1);
		}
		KineticTestApplications.timingProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("kinetic.application-name", () -> KineticTestApplications.uniqueName("hubble"));
		registry.add("sample.streams.pluto", () -> PLUTO_STREAM);
		registry.add("sample.streams.mars", () -> MARS_STREAM);
		registry.add("sample.producer.interval", () -> "500ms");
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
	void servesActuatorHealth() {
		String health = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.body(String.class);
		assertThat(health).contains("\"status\":\"UP\"");
	}

}
