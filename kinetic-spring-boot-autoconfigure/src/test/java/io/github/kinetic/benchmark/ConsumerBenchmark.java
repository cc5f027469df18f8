package io.github.kinetic.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Time to first record, time to the whole stream, and heap in use, for a kinetic consumer
 * and for raw KCL in the same run (same emulators, each on its own defaults unless
 * {@code -Dbenchmark.defaults=false}, metrics off, lease table pre-created with its index
 * since the DynamoDB emulator cannot add it later). Prints figures; asserts nothing about
 * time.
 * <p>
 * Run with {@code ./mvnw -pl kinetic-spring-boot-autoconfigure test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=ConsumerBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ConsumerBenchmark {

	private static final int RECORDS = Integer.getInteger("benchmark.records", 10_000);

	private static final int RESTART_RECORDS = 100;

	private static final int SHARDS = Integer.getInteger("benchmark.shards", 4);

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

	/** Which consumers run: {@code raw}, {@code kinetic} or both, comma-separated. */
	private static final List<String> CONSUMERS = List
		.of(System.getProperty("benchmark.consumers", "raw,kinetic").split(","));

	private static final Duration TIMEOUT = Duration.ofMinutes(4);

	/**
	 * Whether both consumers run on their own defaults (kinetic's properties, KCL's
	 * configs); {@code -Dbenchmark.defaults=false} gives both a 2 s failover time and 200
	 * ms between reads instead.
	 */
	private static final boolean DEFAULTS = Boolean.parseBoolean(System.getProperty("benchmark.defaults", "true"));

	@Test
	void startupAndThroughputAgainstRawKcl() throws Exception {
		LocalAwsEmulators emulators = LocalAwsEmulators.shared();
		String stream = KineticTestApplications.uniqueName("bench");
		try (AwsTestClients aws = new AwsTestClients(emulators)) {
			aws.createStream(stream, SHARDS);
			long loadStart = System.nanoTime();
			aws.putRecords(stream, IntStream.range(0, RECORDS).mapToObj((i) -> "{\"n\":" + i + "}").toList());
			System.out.printf("loaded %d records on %d shards in %.1f s%n", RECORDS, SHARDS, seconds(loadStart));
			List<String> lines = new ArrayList<>();
			Map<String, List<Double>> firstRecords = new LinkedHashMap<>();
			for (int round = 1; round <= ROUNDS; round++) {
				for (String consumer : CONSUMERS) {
					String application = KineticTestApplications.uniqueName("bench-" + consumer);
					Result fresh = run(consumer, emulators, stream, application, RECORDS);
					// a restart: the same application, after a graceful stop, with new
					// records
					aws.putRecords(stream,
							IntStream.range(0, RESTART_RECORDS).mapToObj((i) -> "{\"restart\":" + i + "}").toList());
					Result restart = run(consumer, emulators, stream, application, RESTART_RECORDS);
					lines.add(format(consumer, "fresh", round, fresh));
					lines.add(format(consumer, "restart", round, restart));
					firstRecords.computeIfAbsent(consumer + " fresh", (key) -> new ArrayList<>())
						.add(fresh.firstSeconds);
					firstRecords.computeIfAbsent(consumer + " restart", (key) -> new ArrayList<>())
						.add(restart.firstSeconds);
				}
			}
			System.out
				.println((DEFAULTS ? "each consumer on its defaults" : "both tuned: failover 2 s, 200 ms between reads")
						+ ", " + RECORDS + " records on " + SHARDS + " shards, " + ROUNDS + " rounds");
			System.out.println(
					"consumer  start    round  first record (s)  all records (s)  records/s after first  heap used (MB)");
			lines.forEach(System.out::println);
			System.out.println("start to first record (s): median, min, max");
			firstRecords.forEach((key, values) -> {
				List<Double> sorted = values.stream().sorted().toList();
				System.out.printf("%-16s  %6.1f  %6.1f  %6.1f%n", key, median(sorted), sorted.get(0),
						sorted.get(sorted.size() - 1));
			});
		}
	}

	private Result run(String consumer, LocalAwsEmulators emulators, String stream, String application, int expected)
			throws Exception {
		return consumer.equals("raw") ? runRawKcl(emulators, stream, application, expected)
				: runKinetic(stream, application, expected);
	}

	private static double median(List<Double> sorted) {
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String format(String name, String start, int round, Result result) {
		double rate = result.count / Math.max(0.001, result.allSeconds - result.firstSeconds);
		return String.format("%-8s  %-7s  %5d  %16.1f  %15.1f  %21.0f  %14d", name, start, round, result.firstSeconds,
				result.allSeconds, rate, result.heapMegabytes);
	}

	private Result runKinetic(String stream, String application, int expected) {
		CountingListener.reset();
		long start = System.nanoTime();
		Map<String, Object> properties = Map.of("kinetic.application-name", application, "kinetic.streams[0].name",
				stream, "kinetic.streams[0].start-from.position", "trim-horizon");
		try (ConfigurableApplicationContext context = DEFAULTS
				? KineticTestApplications.runOnDefaults(KineticConsumer.class, properties)
				: KineticTestApplications.run(KineticConsumer.class, properties)) {
			return await(start, CountingListener.COUNT, CountingListener.FIRST, expected);
		}
	}

	private Result runRawKcl(LocalAwsEmulators emulators, String stream, String application, int expected)
			throws Exception {
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
			LeaseTables.createIfMissing(dynamoDb, application);
			AtomicInteger count = new AtomicInteger();
			AtomicLong first = new AtomicLong();
			// a new worker id per process, as KCL's own samples use
			ConfigsBuilder configs = new ConfigsBuilder(
					new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
							InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
					application, kinesis, dynamoDb, cloudWatch, KineticTestApplications.uniqueName("raw-worker"),
					() -> new CountingProcessor(count, first));
			PollingConfig polling = new PollingConfig(stream, kinesis);
			// ConfigsBuilder makes a new config at each call: keep the one that is
			// changed
			LeaseManagementConfig leaseManagement = configs.leaseManagementConfig();
			if (!DEFAULTS) {
				polling.idleTimeBetweenReadsInMillis(200);
				leaseManagement.failoverTimeMillis(2000);
			}
			Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(),
					leaseManagement, configs.lifecycleConfig(),
					configs.metricsConfig().metricsFactory(new NullMetricsFactory()), configs.processorConfig(),
					configs.retrievalConfig().retrievalSpecificConfig(polling));
			long start = System.nanoTime();
			Thread thread = new Thread(scheduler, "raw-kcl");
			thread.setDaemon(true);
			thread.start();
			try {
				return await(start, count, first, expected);
			}
			finally {
				scheduler.startGracefulShutdown().get();
				thread.join(30_000);
			}
		}
	}

	private static Result await(long start, AtomicInteger count, AtomicLong first, int expected) {
		long deadline = start + TIMEOUT.toNanos();
		while (count.get() < expected && System.nanoTime() < deadline) {
			sleep(20);
		}
		if (count.get() < expected) {
			throw new IllegalStateException("Only " + count.get() + " of " + expected + " records in " + TIMEOUT);
		}
		double all = seconds(start);
		System.gc();
		Runtime runtime = Runtime.getRuntime();
		long heap = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
		return new Result((first.get() - start) / 1e9, all, count.get(), heap);
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Result(double firstSeconds, double allSeconds, int count, long heapMegabytes) {

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

		static final AtomicInteger COUNT = new AtomicInteger();

		static final AtomicLong FIRST = new AtomicLong();

		static void reset() {
			COUNT.set(0);
			FIRST.set(0);
		}

		@KinesisListener
		void onBatch(List<KinesisClientRecord> records) {
			FIRST.compareAndSet(0, System.nanoTime());
			COUNT.addAndGet(records.size());
		}

	}

	/**
	 * What a careful raw KCL user writes: count, checkpoint after each batch, checkpoint
	 * at shard end.
	 */
	private static final class CountingProcessor implements ShardRecordProcessor {

		private final AtomicInteger count;

		private final AtomicLong first;

		CountingProcessor(AtomicInteger count, AtomicLong first) {
			this.count = count;
			this.first = first;
		}

		@Override
		public void initialize(InitializationInput input) {
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			if (input.records().isEmpty()) {
				return;
			}
			this.first.compareAndSet(0, System.nanoTime());
			this.count.addAndGet(input.records().size());
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
