package io.github.kinetic.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer under sustained load: a producer writes to a 4-shard stream as fast as the
 * emulator takes it, for {@code -Dbenchmark.soak.duration} (10 minutes by default), while
 * a kinetic listener records each delivery. Prints records written and delivered, lost
 * (asserted to be 0), duplicates, the write rate per minute, and the heap after GC, live
 * threads and open file descriptors at the start and at the end.
 * <p>
 * Run with {@code ./mvnw -pl kinetic-spring-boot-autoconfigure test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=SoakBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark.soak.duration=10m}.
 */
@Tag("benchmark")
class SoakBenchmark {

	private static final Duration DURATION = DurationStyle
		.detectAndParse(System.getProperty("benchmark.soak.duration", "10m"));

	private static final int BATCH = 500;

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEverythingWrittenAtTheHighestRateForTheWholeRun() throws Exception {
		String stream = KineticTestApplications.uniqueName("soak");
		aws.createStream(stream, 4);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(SoakApplication.class,
				Map.of("kinetic.application-name", KineticTestApplications.uniqueName("app"), "kinetic.streams[0].name",
						stream, "kinetic.streams[0].start-from.position", "trim-horizon"))) {
			Deliveries deliveries = context.getBean(Deliveries.class);
			aws.putRecords(stream, List.of("warm-up"));
			await().atMost(Duration.ofMinutes(2)).until(() -> deliveries.total.get() >= 1);
			Resources start = Resources.now();
			System.out.println("Soak: " + DURATION + " on 4 shards; at the start " + start);

			long written = produce(stream);
			await().atMost(Duration.ofMinutes(10)).until(() -> deliveries.distinct() >= written);
			Resources end = Resources.now();
			long lost = written - deliveries.distinct();
			long duplicates = deliveries.total.get() - 1 - deliveries.distinct();
			System.out.printf("Soak: %d written in %s (%.0f records/s), %d deliveries, %d lost, %d duplicates%n",
					written, DURATION, written / (double) DURATION.toSeconds(), deliveries.total.get() - 1, lost,
					duplicates);
			System.out.println("Soak: at the end " + end);
			assertThat(lost).isZero();
		}
	}

	/**
	 * Write numbered records in PutRecords calls of {@value #BATCH}, one after the other,
	 * writing refused entries again, until the duration is over.
	 * @return how many records were written
	 */
	private static long produce(String stream) {
		long deadline = System.nanoTime() + DURATION.toNanos();
		long minuteEnd = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		long next = 0;
		long atMinuteStart = 0;
		int minute = 1;
		while (System.nanoTime() < deadline) {
			List<PutRecordsRequestEntry> pending = new ArrayList<>();
			for (int i = 0; i < BATCH; i++) {
				pending.add(PutRecordsRequestEntry.builder()
					.partitionKey("key-" + (next + i))
					.data(SdkBytes.fromUtf8String(Long.toString(next + i)))
					.build());
			}
			next += BATCH;
			while (!pending.isEmpty()) {
				pending = put(stream, pending);
			}
			if (System.nanoTime() >= minuteEnd) {
				System.out.printf("Soak: minute %d, %d records written (%.0f records/s)%n", minute,
						next - atMinuteStart, (next - atMinuteStart) / 60.0);
				atMinuteStart = next;
				minute++;
				minuteEnd += Duration.ofMinutes(1).toNanos();
			}
		}
		return next;
	}

	private static List<PutRecordsRequestEntry> put(String stream, List<PutRecordsRequestEntry> batch) {
		try {
			PutRecordsResponse response = aws.kinesis()
				.putRecords((request) -> request.streamName(stream).records(batch))
				.join();
			List<PutRecordsRequestEntry> refused = new ArrayList<>();
			for (int i = 0; i < batch.size(); i++) {
				if (response.records().get(i).errorCode() != null) {
					refused.add(batch.get(i));
				}
			}
			return refused;
		}
		catch (RuntimeException ex) {
			return batch;
		}
	}

	/**
	 * Heap in use after a GC, live threads and open file descriptors of this JVM.
	 */
	record Resources(long heapAfterGcBytes, int threads, long openFileDescriptors) {

		static Resources now() throws IOException {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			long descriptors;
			try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
				descriptors = fds.count();
			}
			return new Resources(heap, ManagementFactory.getThreadMXBean().getThreadCount(), descriptors);
		}

		@Override
		public String toString() {
			return String.format("heap after GC %.1f MiB, %d threads, %d open file descriptors",
					this.heapAfterGcBytes / 1048576.0, this.threads, this.openFileDescriptors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SoakApplication {

		@Bean
		Deliveries deliveries() {
			return new Deliveries();
		}

	}

	/**
	 * Each record number delivered, in a bit set, so that the test's own memory does not
	 * grow with the records as strings would.
	 */
	static class Deliveries {

		final AtomicLong total = new AtomicLong();

		private final BitSet delivered = new BitSet();

		private long distinct;

		@KinesisListener
		void onBatch(List<String> batch) {
			synchronized (this.delivered) {
				for (String record : batch) {
					this.total.incrementAndGet();
					if (record.equals("warm-up")) {
						continue;
					}
					int number = Integer.parseInt(record);
					if (!this.delivered.get(number)) {
						this.delivered.set(number);
						this.distinct++;
					}
				}
			}
		}

		long distinct() {
			synchronized (this.delivered) {
				return this.distinct;
			}
		}

	}

}
