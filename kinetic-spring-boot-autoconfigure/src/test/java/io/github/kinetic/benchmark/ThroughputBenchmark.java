package io.github.kinetic.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.lease.LeaseTables;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records per second from the first record to the last, for a kinetic batch listener that
 * does nothing but count against a hand-written KCL {@code ShardRecordProcessor} that
 * does the same, on one pre-loaded stream, in the same run. Both read from
 * {@code TRIM_HORIZON} with their own lease table, the same polling settings (records per
 * read, time between reads) and a 2 s failover time, metrics off. Prints figures; asserts
 * nothing about time.
 * <p>
 * Run with
 * {@code ./mvnw -pl kinetic-spring-boot-autoconfigure -am test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=ThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ThroughputBenchmark {

	private static final int RECORDS = Integer.getInteger("benchmark.records", 20_000);

	private static final int SHARDS = Integer.getInteger("benchmark.shards", 4);

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	/** Most records one read returns, for both consumers. */
	private static final int MAX_RECORDS = Integer.getInteger("benchmark.max-records", 100);

	/** Time between two reads of a shard, for both consumers. */
	private static final Duration IDLE_TIME = Duration.ofMillis(Long.getLong("benchmark.idle-millis", 200));

	/** PutRecords calls in flight while loading: each loads its own slice. */
	private static final int LOADERS = 4;

	private static final Duration TIMEOUT = Duration.ofMinutes(4);

	@Test
	void batchListenerAgainstHandWrittenProcessor() throws Exception {
		LocalAwsEmulators emulators = LocalAwsEmulators.shared();
		String stream = KineticTestApplications.uniqueName("throughput");
		try (AwsTestClients aws = new AwsTestClients(emulators)) {
			aws.createStream(stream, SHARDS);
			long loadStart = System.nanoTime();
			int slice = RECORDS / LOADERS;
			CompletableFuture.allOf(IntStream.range(0, LOADERS).mapToObj((loader) -> {
				int to = (loader == LOADERS - 1) ? RECORDS : (loader + 1) * slice;
				return CompletableFuture.runAsync(() -> load(aws, stream, loader * slice, to));
			}).toArray(CompletableFuture[]::new)).join();
			System.out.printf("loaded %d records on %d shards in %.1f s%n", RECORDS, SHARDS, seconds(loadStart));
			List<String> lines = new ArrayList<>();
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			for (int round = 1; round <= ROUNDS; round++) {
				for (String consumer : List.of("raw", "kinetic")) {
					String application = KineticTestApplications.uniqueName("throughput-" + consumer);
					Result result = consumer.equals("raw") ? runRawKcl(emulators, stream, application)
							: runKinetic(stream, application);
					lines.add(String.format("%-8s  %5d  %16.1f  %15.2f  %9.0f", consumer, round, result.firstSeconds,
							result.spanSeconds, result.rate()));
					rates.computeIfAbsent(consumer, (key) -> new ArrayList<>()).add(result.rate());
				}
			}
			System.out.printf("%d records on %d shards, %d per read, %d ms between reads, %d rounds%n", RECORDS, SHARDS,
					MAX_RECORDS, IDLE_TIME.toMillis(), ROUNDS);
			System.out.println("consumer  round  first record (s)  first to last (s)  records/s");
			lines.forEach(System.out::println);
			System.out.println("records/s: median, min, max");
			rates.forEach((consumer, values) -> {
				List<Double> sorted = values.stream().sorted().toList();
				System.out.printf("%-8s  %8.0f  %8.0f  %8.0f%n", consumer, median(sorted), sorted.get(0),
						sorted.get(sorted.size() - 1));
			});
			System.out.printf("kinetic / raw, medians: %.2f%n",
					median(sorted(rates.get("kinetic"))) / median(sorted(rates.get("raw"))));
		}
	}

	/**
	 * Load records {@code from} to {@code to} in calls of 500, calling again when the
	 * busy emulator times out (a call that timed out may still have been stored: the
	 * count then exceeds the records loaded, which the await allows).
	 */
	private static void load(AwsTestClients aws, String stream, int from, int to) {
		for (int chunk = from; chunk < to; chunk += 500) {
			List<String> payloads = IntStream.range(chunk, Math.min(chunk + 500, to))
				.mapToObj((i) -> "{\"n\":" + i + "}")
				.toList();
			for (int attempt = 1;; attempt++) {
				try {
					aws.putRecords(stream, payloads);
					break;
				}
				catch (RuntimeException ex) {
					if (attempt == 5) {
						throw ex;
					}
					System.out.println("loading records " + chunk + "+ again after: " + ex.getMessage());
				}
			}
		}
	}

	private static List<Double> sorted(List<Double> values) {
		return values.stream().sorted().toList();
	}

	private static double median(List<Double> sorted) {
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private Result runKinetic(String stream, String application) {
		Counter counter = CountingListener.COUNTER;
		counter.reset();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.lease.failover-time", "2s");
		properties.put("kinetic.polling.max-records", MAX_RECORDS);
		properties.put("kinetic.polling.idle-time-between-reads", IDLE_TIME.toMillis() + "ms");
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = KineticTestApplications.run(KineticConsumer.class, properties)) {
			return counter.await(start);
		}
	}

	private Result runRawKcl(LocalAwsEmulators emulators, String stream, String application) throws Exception {
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create(LocalAwsEmulators.ACCESS_KEY_ID, LocalAwsEmulators.SECRET_ACCESS_KEY));
		Region region = Region.of(LocalAwsEmulators.REGION);
		try (KinesisAsyncClient kinesis = KinesisClientUtil.adjustKinesisClientBuilder(KinesisAsyncClient.builder())
			.endpointOverride(emulators.kinesisEndpoint())
			.region(region)
			.credentialsProvider(credentials)
			.build();
				DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder()
					.endpointOverride(emulators.dynamoDbEndpoint())
					.region(region)
					.credentialsProvider(credentials)
					.build();
				CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
					.endpointOverride(emulators.kinesisEndpoint())
					.region(region)
					.credentialsProvider(credentials)
					.build()) {
			// dynalite cannot add the lease table's index later (see LOCAL-AWS.md)
			LeaseTables.createIfMissing(dynamoDb, application);
			Counter counter = new Counter();
			ConfigsBuilder configs = new ConfigsBuilder(
					new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
							InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
					application, kinesis, dynamoDb, cloudWatch, KineticTestApplications.uniqueName("raw-worker"),
					() -> new CountingProcessor(counter));
			PollingConfig polling = new PollingConfig(stream, kinesis).maxRecords(MAX_RECORDS);
			polling.idleTimeBetweenReadsInMillis(IDLE_TIME.toMillis());
			// ConfigsBuilder builds a new config on each call: keep the one that is set
			LeaseManagementConfig leases = configs.leaseManagementConfig().failoverTimeMillis(2000);
			Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leases,
					configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
					configs.processorConfig(), configs.retrievalConfig().retrievalSpecificConfig(polling));
			long start = System.nanoTime();
			Thread thread = new Thread(scheduler, "raw-kcl");
			thread.setDaemon(true);
			thread.start();
			try {
				return counter.await(start);
			}
			finally {
				scheduler.startGracefulShutdown().get();
				thread.join(30_000);
			}
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	private record Result(double firstSeconds, double spanSeconds, int count) {

		double rate() {
			return this.count / Math.max(0.001, this.spanSeconds);
		}

	}

	/**
	 * Counts records and keeps the times of the first and the last batch.
	 */
	static final class Counter {

		private final AtomicInteger count = new AtomicInteger();

		private final AtomicLong first = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		void reset() {
			this.count.set(0);
			this.first.set(0);
			this.last.set(0);
		}

		void add(int records) {
			long now = System.nanoTime();
			this.first.compareAndSet(0, now);
			this.count.addAndGet(records);
			this.last.accumulateAndGet(now, Math::max);
		}

		Result await(long start) {
			long deadline = start + TIMEOUT.toNanos();
			while (this.count.get() < RECORDS && System.nanoTime() < deadline) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			if (this.count.get() < RECORDS) {
				throw new IllegalStateException(
						"Only " + this.count.get() + " of " + RECORDS + " records in " + TIMEOUT);
			}
			return new Result((this.first.get() - start) / 1e9, (this.last.get() - this.first.get()) / 1e9,
					this.count.get());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class KineticConsumer {

		@Bean
		CountingListener countingListener() {
			return new CountingListener();
		}

	}

	static class CountingListener {

		static final Counter COUNTER = new Counter();

		@KinesisListener
		void onBatch(List<KinesisClientRecord> records) {
			COUNTER.add(records.size());
		}

	}

	/**
	 * What a careful raw KCL user writes: count, checkpoint after each batch, checkpoint
	 * at shard end.
	 */
	private static final class CountingProcessor implements ShardRecordProcessor {

		private final Counter counter;

		CountingProcessor(Counter counter) {
			this.counter = counter;
		}

		@Override
		public void initialize(InitializationInput input) {
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			if (input.records().isEmpty()) {
				return;
			}
			this.counter.add(input.records().size());
			KinesisClientRecord last = input.records().get(input.records().size() - 1);
			try {
				input.checkpointer().checkpoint(last.sequenceNumber(), last.subSequenceNumber());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
			try {
				input.checkpointer().checkpoint();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
		}

	}

}
