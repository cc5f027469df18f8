package io.github.kinetic.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application as Spring AOT processed it ({@code process-aot}, run by the
 * build before this test), started in its own JVM with {@code -Dspring.aot.enabled=true}
 * against the local emulators: its bean definitions come from the generated initializers,
 * not from classpath scanning, and it still consumes records and serves the leases
 * endpoint.
 */
class SampleApplicationAotIT {

	// KCL waits up to 30 s on a fresh lease table before its first shard sync
	private static final Duration FIRST_RECORD = Duration.ofMinutes(3);

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process application;

	@Test
	void aotProcessedApplicationConsumesRecords() throws IOException {
		String pluto = KineticTestApplications.uniqueName("aot-pluto");
		String mars = KineticTestApplications.uniqueName("aot-mars");
		String deadLetters = KineticTestApplications.uniqueName("aot-dead-letters");
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			aws.createStream(pluto, 1);
			aws.createStream(mars, 1);
			aws.createStream(deadLetters, 1);
		}
		int port = freePort();
		Map<String, Object> properties = KineticTestApplications.baseProperties();
		properties.put("kinetic.application-name", KineticTestApplications.uniqueName("aot-hubble"));
		properties.put("sample.streams.pluto", pluto);
		properties.put("sample.streams.mars", mars);
		properties.put("sample.streams.dead-letters", deadLetters);
		properties.put("sample.producer.interval", "500ms");
		properties.put("server.port", port);
		start(properties);

		await().atMost(FIRST_RECORD)
			.untilAsserted(() -> assertThat(this.output).anyMatch((line) -> line.contains("Pluto: received")));
		assertThat(this.output).anyMatch((line) -> line.contains("Starting AOT-processed SampleApplication"));
		String leases = RestClient.create("http://localhost:" + port)
			.get()
			.uri("/actuator/kinesis-leases")
			.retrieve()
			.body(String.class);
		assertThat(leases).contains("\"stream\":\"" + pluto + "\"").contains("\"ownedByThisWorker\":true");
	}

	@Test
	void buildWroteTheStarterHintsForTheSample() throws IOException {
		Path metadata = Paths.get("target/classes/META-INF/native-image/io.github.kinetic/kinetic-sample-app",
				"reachability-metadata.json");
		assertThat(Files.readString(metadata))
			// the listener method and its payload type, from the listener AOT processor
			.contains("\"name\": \"onPluto\"")
			.contains("\"type\": \"io.github.kinetic.sample.Reading\"")
			// the endpoint descriptors and KCL's DynamoDB beans, from the runtime hints
			.contains("\"type\": \"io.github.kinetic.endpoint.KinesisLeasesEndpoint$KinesisLeasesDescriptor\"")
			.contains("\"type\": \"software.amazon.kinesis.worker.metricstats.WorkerMetricStats\"");
	}

	private void start(Map<String, Object> properties) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(SampleApplication.class.getName());
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		this.application = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(this::collectOutput, "aot-application-output");
		reader.setDaemon(true);
		reader.start();
	}

	private void collectOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.application.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				// echoed so that the failsafe report shows the application's log
				System.out.println(line);
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			// the application has gone: what it printed is kept
		}
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.application != null) {
			// SIGTERM: the application stops its KCL workers before the emulators go
			this.application.destroy();
			if (!this.application.waitFor(60, TimeUnit.SECONDS)) {
				this.application.destroyForcibly();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
