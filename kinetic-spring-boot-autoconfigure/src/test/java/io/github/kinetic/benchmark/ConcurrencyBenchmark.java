package io.github.kinetic.benchmark;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Throughput of a record listener that sleeps 20 ms per record (a remote call) at
 * concurrency 1, 2, 4, 8 and 16, on a 1-shard and a 4-shard stream, with the order of
 * each partition key checked on every first delivery. Each run is a new application
 * reading its stream from {@code TRIM_HORIZON}; the rate is counted from the first record
 * to the last, so KCL's start does not count. Prints figures; asserts nothing about time.
 * <p>
 * Run with {@code ./mvnw -pl kinetic-spring-boot-autoconfigure test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=ConcurrencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbenchmark.records-per-shard} and {@code -Dbenchmark.keys} change the load:
 * 400 and 64 by default).
 */
@Tag("benchmark")
class ConcurrencyBenchmark {

	private static final int RECORDS_PER_SHARD = Integer.getInteger("benchmark.records-per-shard", 400);

	private static final int KEYS = Integer.getInteger("benchmark.keys", 64);

	private static final long SLEEP_MILLIS = 20;

	private static final int[] CONCURRENCY = { 1, 2, 4, 8, 16 };

	private static final Duration TIMEOUT = Duration.ofMinutes(4);

	@Test
	void throughputOfASlowListenerByConcurrency() {
		List<String> lines = new ArrayList<>();
		try (AwsTestClients aws = new AwsTestClients(LocalAwsEmulators.shared())) {
			for (int shards : new int[] { 1, 4 }) {
				String stream = KineticTestApplications.uniqueName("bench-concurrency");
				aws.createStream(stream, shards);
				int records = RECORDS_PER_SHARD * shards;
				load(aws, stream, records);
				double base = 0;
				for (int concurrency : CONCURRENCY) {
					Result result = run(stream, concurrency, records);
					if (concurrency == 1) {
						base = result.rate();
					}
					lines.add(String.format("%6d  %11d  %7d  %11.0f  %7.1fx  %12d", shards, concurrency, records,
							result.rate(), result.rate() / base, result.outOfOrder()));
					System.out.println(lines.get(lines.size() - 1));
				}
			}
		}
		System.out.println("record listener sleeping " + SLEEP_MILLIS + " ms per record, " + RECORDS_PER_SHARD
				+ " records per shard, " + KEYS + " partition keys");
		System.out.println("shards  concurrency  records  records/s  vs c=1  out of order");
		lines.forEach(System.out::println);
	}

	private static void load(AwsTestClients aws, String stream, int records) {
		for (int from = 0; from < records; from += 500) {
			List<PutRecordsRequestEntry> entries = new ArrayList<>();
			for (int i = from; i < Math.min(from + 500, records); i++) {
				entries.add(PutRecordsRequestEntry.builder()
					.partitionKey("key-" + (i % KEYS))
					.data(SdkBytes.fromUtf8String("r" + i))
					.build());
			}
			PutRecordsResponse response = aws.kinesis()
				.putRecords((request) -> request.streamName(stream).records(entries))
				.join();
			if (response.failedRecordCount() > 0) {
				throw new IllegalStateException(response.failedRecordCount() + " entries refused; run again");
			}
		}
	}

	private Result run(String stream, int concurrency, int records) {
		SlowListener.reset();
		Map<String, Object> properties = Map.of("kinetic.application-name",
				KineticTestApplications.uniqueName("bench-concurrency"), "kinetic.streams[0].name", stream,
				"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.listener.concurrency",
				String.valueOf(concurrency));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(SlowListenerConsumer.class,
				properties)) {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (SlowListener.DELIVERED.size() < records && System.nanoTime() < deadline) {
				sleep(20);
			}
			if (SlowListener.DELIVERED.size() < records) {
				throw new IllegalStateException(
						"Only " + SlowListener.DELIVERED.size() + " of " + records + " records in " + TIMEOUT);
			}
			double seconds = (SlowListener.LAST.get() - SlowListener.FIRST.get()) / 1e9;
			return new Result(records / Math.max(seconds, 0.001), SlowListener.OUT_OF_ORDER.get());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Result(double rate, int outOfOrder) {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SlowListenerConsumer {

		@Bean
		SlowListener slowListener() {
			return new SlowListener();
		}

	}

	static class SlowListener {

		static final Set<String> DELIVERED = ConcurrentHashMap.newKeySet();

		static final Map<String, String> LAST_SEQUENCE_NUMBER_BY_KEY = new ConcurrentHashMap<>();

		static final AtomicInteger OUT_OF_ORDER = new AtomicInteger();

		static final AtomicLong FIRST = new AtomicLong();

		static final AtomicLong LAST = new AtomicLong();

		static void reset() {
			DELIVERED.clear();
			LAST_SEQUENCE_NUMBER_BY_KEY.clear();
			OUT_OF_ORDER.set(0);
			FIRST.set(0);
			LAST.set(0);
		}

		@KinesisListener
		void onRecord(String payload, KinesisRecordContext context) throws InterruptedException {
			FIRST.compareAndSet(0, System.nanoTime());
			Thread.sleep(SLEEP_MILLIS);
			if (DELIVERED.add(payload)) {
				String key = context.record().partitionKey();
				String sequenceNumber = context.sequenceNumber();
				String previous = LAST_SEQUENCE_NUMBER_BY_KEY.put(key, sequenceNumber);
				if (previous != null && new BigInteger(previous).compareTo(new BigInteger(sequenceNumber)) >= 0) {
					OUT_OF_ORDER.incrementAndGet();
				}
				LAST.accumulateAndGet(System.nanoTime(), Math::max);
			}
		}

	}

}
