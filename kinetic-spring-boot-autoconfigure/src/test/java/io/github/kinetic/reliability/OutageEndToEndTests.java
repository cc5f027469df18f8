package io.github.kinetic.reliability;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.health.KinesisHealthIndicator;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running consumer through a 15 s DynamoDB outage and then a 15 s Kinesis outage, with
 * emulators of their own that keep their data across the restart: it recovers without a
 * restart, loses nothing, reports DOWN during each outage and UP after, and never lets a
 * failed checkpoint reach KCL.
 * <p>
 * kinesis-local keeps its streams in a snapshot written every 500 ms, and what came after
 * the last snapshot is gone when it stops; the producer therefore pauses for a few
 * snapshots before the Kinesis outage. Real Kinesis loses no acknowledged write, so this
 * pause tests the emulator's limit, not the consumer's.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageEndToEndTests {

	private static final Duration OUTAGE = Duration.ofSeconds(15);

	private static final Pattern SHARD_ID = Pattern.compile("shardId-\\d+");

	@Test
	void recoversFromADynamoDbAndThenAKinesisOutageWithoutARestartAndLosesNothing(CapturedOutput output)
			throws Exception {
		Path data = Paths.get("target", "outage-data", UUID.randomUUID().toString());
		try (LocalAwsEmulators emulators = LocalAwsEmulators.startPersistent(data);
				AwsTestClients aws = new AwsTestClients(emulators)) {
			String stream = KineticTestApplications.uniqueName("outage");
			String application = KineticTestApplications.uniqueName("app");
			aws.createStream(stream, 2);
			Producer producer = new Producer(aws, stream);
			Map<String, Object> properties = new java.util.LinkedHashMap<>(emulators.kineticProperties());
			properties.put("kinetic.application-name", application);
			properties.put("kinetic.streams[0].name", stream);
			properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
			properties.put("kinetic.polling.max-records", "50");
			try (ConfigurableApplicationContext context = KineticTestApplications.run(SlowListenerApplication.class,
					properties)) {
				SlowListener listener = context.getBean(SlowListener.class);
				KinesisHealthIndicator health = context.getBean(KinesisHealthIndicator.class);
				producer.start();
				await().atMost(Duration.ofMinutes(2)).until(() -> listener.deliveries.get() >= 300);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

				long dynamoDbDown = System.nanoTime();
				emulators.stopDynamoDb();
				await().atMost(OUTAGE).until(() -> health.health(true).getStatus().equals(Status.DOWN));
				sleepUntil(dynamoDbDown + OUTAGE.toNanos());
				emulators.startDynamoDb();
				await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus().equals(Status.UP));
				int afterDynamoDb = listener.deliveries.get();
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.deliveries.get() >= afterDynamoDb + 200);

				producer.pause();
				Thread.sleep(LocalAwsEmulators.KINESIS_PERSIST_INTERVAL.multipliedBy(4).toMillis());
				long kinesisDown = System.nanoTime();
				emulators.stopKinesis();
				await().atMost(OUTAGE).until(() -> health.health(true).getStatus().equals(Status.DOWN));
				sleepUntil(kinesisDown + OUTAGE.toNanos());
				emulators.startKinesis();
				await().atMost(Duration.ofSeconds(30)).until(() -> health.health(true).getStatus().equals(Status.UP));
				producer.resume();
				int afterKinesis = listener.deliveries.get();
				await().atMost(Duration.ofMinutes(1)).until(() -> listener.deliveries.get() >= afterKinesis + 200);
				List<String> written = producer.stop();

				await().atMost(Duration.ofMinutes(2))
					.untilAsserted(() -> assertThat(listener.received).containsAll(written));
				System.out.printf("Outages: %d written, %d delivered, %d lost, %d duplicates%n", written.size(),
						listener.deliveries.get(),
						written.stream().filter((r) -> !listener.received.contains(r)).count(),
						listener.deliveries.get() - listener.received.size());
			}
		}
		assertThat(output).doesNotContain("processRecords() threw");
		assertThat(output).doesNotContain("Skipping over the following data records");
		Map<String, Long> traces = fetchFailureTraces(output.toString());
		long summaries = output.toString().lines().filter((line) -> line.contains("Still cannot get records")).count();
		long channelTraces = output.toString()
			.lines()
			.filter((line) -> line.startsWith("java.io.IOException: The channel was closed before the protocol"))
			.count();
		long loopTraces = output.toString()
			.lines()
			.filter((line) -> line.contains("Worker.run caught exception, sleeping for"))
			.count();
		System.out.printf(
				"Outages: GetRecords failures logged with a stack trace per shard %s, one-line summaries %d;"
						+ " unhandled channel closes logged with a stack trace %d; scheduler loop failures %d%n",
				traces, summaries, channelTraces, loopTraces);
		assertThat(loopTraces).as("scheduler loop failures logged with a stack trace, one per outage at most")
			.isLessThanOrEqualTo(2);
		assertThat(traces).as("GetRecords failures logged with a stack trace, per shard")
			.allSatisfy((shard, count) -> assertThat(count).isLessThanOrEqualTo(1));
		assertThat(channelTraces).as("unhandled channel closes logged with a stack trace").isLessThanOrEqualTo(1);
	}

	private static Map<String, Long> fetchFailureTraces(String output) {
		Map<String, Long> traces = new TreeMap<>();
		output.lines()
			.filter((line) -> line.contains("Exception thrown while fetching records from Kinesis")
					|| line.contains("Unexpected exception was thrown"))
			.forEach((line) -> {
				Matcher shard = SHARD_ID.matcher(line);
				traces.merge(shard.find() ? shard.group() : "unknown", 1L, Long::sum);
			});
		return traces;
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long left = nanoTime - System.nanoTime();
		if (left > 0) {
			Thread.sleep(left / 1_000_000);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SlowListenerApplication {

		@Bean
		SlowListener slowListener() {
			return new SlowListener();
		}

	}

	static class SlowListener {

		final Set<String> received = ConcurrentHashMap.newKeySet();

		final AtomicInteger deliveries = new AtomicInteger();

		@KinesisListener
		void onRecord(String payload) throws InterruptedException {
			// slow enough that the consumer is behind the producer when an outage starts
			Thread.sleep(5);
			this.received.add(payload);
			this.deliveries.incrementAndGet();
		}

	}

	/**
	 * Writes 20 records every 100 ms, retrying a batch the emulator refused.
	 */
	static final class Producer {

		private final AwsTestClients aws;

		private final String stream;

		private final List<String> written = new ArrayList<>();

		private final Thread thread;

		private volatile boolean paused;

		private volatile boolean stopped;

		Producer(AwsTestClients aws, String stream) {
			this.aws = aws;
			this.stream = stream;
			this.thread = new Thread(this::run, "outage-producer");
		}

		void start() {
			this.thread.start();
		}

		void pause() {
			this.paused = true;
		}

		void resume() {
			this.paused = false;
		}

		List<String> stop() throws InterruptedException {
			this.stopped = true;
			this.thread.join();
			return this.written;
		}

		private void run() {
			int next = 0;
			while (!this.stopped) {
				if (!this.paused) {
					List<String> batch = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						batch.add("record-" + (next + i));
					}
					try {
						this.aws.putRecords(this.stream, batch);
						this.written.addAll(batch);
						next += batch.size();
					}
					catch (RuntimeException ex) {
						// written again; duplicates in the stream are fine for
						// at-least-once
					}
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}

}
