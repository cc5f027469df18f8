package io.github.kinetic.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Start to first record for a kinetic consumer and for raw KCL in the same run (same
 * emulators, each on its own defaults unless {@code -Dbenchmark.defaults=false}), on each
 * shard count of {@code -Dbenchmark.shards} (a list, each on a fresh stream). Prints
 * figures; asserts nothing about time.
 * <p>
 * Each round runs, per consumer and on a new application (lease table): a <b>fresh</b>
 * start, a <b>restart</b> after a graceful stop, and a <b>failover</b>: the restarted
 * worker is killed while it holds its leases (its AWS clients cut off, then its threads
 * stopped, so nothing is released or renewed), and a new worker starts. The JVM's very
 * first kinetic start, before anything else ran in it, is reported on its own and is not
 * one of the rounds.
 * <p>
 * Run with
 * {@code ./mvnw -pl kinetic-spring-boot-autoconfigure -am test -Dgroups=benchmark
 * -DexcludedGroups= -Dtest=ConsumerBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark.shards=1,4,16}.
 */
@Tag("benchmark")
class ConsumerBenchmark {

	private static final int RECORDS = Integer.getInteger("benchmark.records", 1_000);

	private static final int NEW_RECORDS = 100;

	private static final List<Integer> SHARDS = Arrays.stream(System.getProperty("benchmark.shards", "4").split(","))
		.map(String::trim)
		.map(Integer::valueOf)
		.toList();

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

	/** Which consumers run: {@code raw}, {@code kinetic} or both, comma-separated. */
	private static final List<String> CONSUMERS = List
		.of(System.getProperty("benchmark.consumers", "raw,kinetic").split(","));

	/** Raw KCL's failover waits out its 2-minute leader lock. */
	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/**
	 * Whether both consumers run on their own defaults (kinetic's properties, KCL's
	 * configs); {@code -Dbenchmark.defaults=false} gives both a 2 s failover time and 200
	 * ms between reads instead.
	 */
	private static final boolean DEFAULTS = Boolean.parseBoolean(System.getProperty("benchmark.defaults", "true"));

	/** A file each line is also appended to, as it is printed. */
	private static final String OUTPUT = System.getProperty("benchmark.output");

	private static final String COLD = "fresh, JVM's first start";

	private final LocalAwsEmulators emulators = LocalAwsEmulators.shared();

	@Test
	void startToFirstRecordAgainstRawKcl() throws Exception {
		out(String.format("%s; %d records per stream; load average at start %s",
				DEFAULTS ? "each consumer on its defaults" : "both tuned: failover 2 s, 200 ms between reads", RECORDS,
				loadAverage()));
		out("shards  consumer  start                     round  first record (s)  all (s)  context (s)  heap (MB)");
		boolean coldJvm = CONSUMERS.contains("kinetic");
		try (AwsTestClients aws = new AwsTestClients(this.emulators)) {
			for (int shards : SHARDS) {
				String stream = KineticTestApplications.uniqueName("bench");
				aws.createStream(stream, shards);
				aws.putRecords(stream, payloads("n", RECORDS));
				Map<String, List<Result>> results = new LinkedHashMap<>();
				if (coldJvm) {
					// first thing in the JVM, before raw KCL loads any class: a real
					// fresh
					// start, reported on its own rather than warmed up silently
					coldJvm = false;
					Worker cold = startKinetic(stream, KineticTestApplications.uniqueName("bench-cold"), null);
					record(results, shards, "kinetic", COLD, 0, cold, RECORDS);
				}
				for (int round = 1; round <= ROUNDS; round++) {
					for (String consumer : CONSUMERS) {
						runRound(aws, stream, shards, consumer, round, results);
					}
				}
				printSummary(shards, results);
			}
		}
	}

	private void runRound(AwsTestClients aws, String stream, int shards, String consumer, int round,
			Map<String, List<Result>> results) throws Exception {
		String application = KineticTestApplications.uniqueName("bench-" + consumer);
		Worker fresh = start(consumer, stream, application, false);
		record(results, shards, consumer, "fresh", round, fresh, RECORDS);
		// a restart: the same application, after a graceful stop, with new records
		aws.putRecords(stream, payloads("restart", NEW_RECORDS));
		Worker restart = start(consumer, stream, application, true);
		Result restarted = await(restart, NEW_RECORDS);
		restart.kill();
		log(results, shards, consumer, "restart", round, restarted);
		// a failover: the restarted worker was killed holding its leases
		aws.putRecords(stream, payloads("failover", NEW_RECORDS));
		Worker failover = start(consumer, stream, application, false);
		record(results, shards, consumer, "failover after a kill", round, failover, NEW_RECORDS);
	}

	private Worker start(String consumer, String stream, String application, boolean killable) throws Exception {
		if (consumer.equals("raw")) {
			Counter.reset();
			RawKclWorker worker = RawKclWorker.create(this.emulators, stream, application, DEFAULTS, Counter.COUNT,
					Counter.FIRST);
			long start = System.nanoTime();
			worker.start();
			return new Started(worker, start, Double.NaN);
		}
		return startKinetic(stream, application, killable ? new KillableAwsClients(this.emulators) : null);
	}

	/**
	 * Start a kinetic application on its auto-configured clients, or, for a worker that
	 * is to be killed, on clients built the same way that can be cut off.
	 */
	private Worker startKinetic(String stream, String application, KillableAwsClients clients) {
		Counter.reset();
		Map<String, Object> properties = new LinkedHashMap<>(this.emulators.kineticProperties());
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		if (!DEFAULTS) {
			properties.putAll(KineticTestApplications.timingProperties());
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(KineticConsumer.class)
			.web(WebApplicationType.NONE)
			.properties(properties);
		if (clients != null) {
			builder.initializers((context) -> {
				context.getBeanFactory().registerSingleton("kinesisAsyncClient", clients.kinesis());
				context.getBeanFactory().registerSingleton("dynamoDbAsyncClient", clients.dynamoDb());
				context.getBeanFactory().registerSingleton("cloudWatchAsyncClient", clients.cloudWatch());
			});
		}
		long start = System.nanoTime();
		ConfigurableApplicationContext context = builder.build().run();
		double contextSeconds = seconds(start);
		return new Started(new KineticWorker(context, clients), start, contextSeconds);
	}

	private void record(Map<String, List<Result>> results, int shards, String consumer, String scenario, int round,
			Worker worker, int expected) throws Exception {
		Result result;
		try {
			result = await(worker, expected);
		}
		finally {
			worker.stop();
		}
		log(results, shards, consumer, scenario, round, result);
	}

	private static void log(Map<String, List<Result>> results, int shards, String consumer, String scenario, int round,
			Result result) {
		results.computeIfAbsent(scenario + "|" + consumer, (key) -> new ArrayList<>()).add(result);
		out(String.format("%6d  %-8s  %-24s  %5d  %16.1f  %7.1f  %11.1f  %9d", shards, consumer, scenario, round,
				result.firstSeconds, result.allSeconds, result.contextSeconds, result.heapMegabytes));
	}

	private static void printSummary(int shards, Map<String, List<Result>> results) {
		out(String.format("%n%d shards, %d records, start to first record (s), load average now %s", shards, RECORDS,
				loadAverage()));
		out("| start | consumer | median | min | max | runs | context start-up (s) |");
		out("|---|---|---|---|---|---|---|");
		for (String scenario : List.of(COLD, "fresh", "restart", "failover after a kill")) {
			for (String consumer : List.of("raw", "kinetic")) {
				List<Result> runs = results.get(scenario + "|" + consumer);
				if (runs == null) {
					continue;
				}
				List<Double> sorted = runs.stream().map(Result::firstSeconds).sorted().toList();
				List<Double> context = runs.stream().map(Result::contextSeconds).sorted().toList();
				out(String.format("| %s | %s | %.1f | %.1f | %.1f | %d | %s |", scenario,
						consumer.equals("raw") ? "raw KCL 3.5.1" : "kinetic", median(sorted), sorted.get(0),
						sorted.get(sorted.size() - 1), runs.size(),
						consumer.equals("raw") ? "-" : String.format("%.1f (%.1f-%.1f)", median(context),
								context.get(0), context.get(context.size() - 1))));
			}
		}
		out("");
	}

	private static Result await(Worker worker, int expected) {
		Started started = (Started) worker;
		long deadline = started.startNanos + TIMEOUT.toNanos();
		while (Counter.COUNT.get() < expected && System.nanoTime() < deadline) {
			sleep(20);
		}
		if (Counter.COUNT.get() < expected) {
			throw new IllegalStateException(
					"Only " + Counter.COUNT.get() + " of " + expected + " records in " + TIMEOUT);
		}
		double all = seconds(started.startNanos);
		System.gc();
		Runtime runtime = Runtime.getRuntime();
		long heap = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
		return new Result((Counter.FIRST.get() - started.startNanos) / 1e9, all, started.contextSeconds, heap);
	}

	private static List<String> payloads(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> "{\"" + prefix + "\":" + i + "}").toList();
	}

	private static double median(List<Double> sorted) {
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException ex) {
			return String
				.valueOf(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	/**
	 * Print a line, and append it to {@code -Dbenchmark.output} when set: the report file
	 * of a long run is only complete once the run ends.
	 */
	private static void out(String line) {
		System.out.println(line);
		if (OUTPUT != null) {
			try {
				Files.writeString(Path.of(OUTPUT), line + System.lineSeparator(), StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
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

	/** A running consumer: stopped gracefully, or killed holding its leases. */
	interface Worker {

		void stop() throws Exception;

		void kill() throws Exception;

	}

	private record Started(Worker worker, long startNanos, double contextSeconds) implements Worker {

		@Override
		public void stop() throws Exception {
			this.worker.stop();
		}

		@Override
		public void kill() throws Exception {
			this.worker.kill();
		}

	}

	private record KineticWorker(ConfigurableApplicationContext context, KillableAwsClients clients) implements Worker {

		@Override
		public void stop() {
			this.context.close();
		}

		@Override
		public void kill() {
			if (this.clients == null) {
				throw new IllegalStateException("Only a worker started on killable clients can be killed");
			}
			// cut off first: whatever the close below tries to write (checkpoints, lease
			// release, the leader lock) fails, as it would in a killed process
			this.clients.kill();
			try {
				this.context.close();
			}
			finally {
				this.clients.close();
			}
		}

	}

	private record Result(double firstSeconds, double allSeconds, double contextSeconds, long heapMegabytes) {

	}

	/** What both consumers count into: records, and when the first arrived. */
	static final class Counter {

		static final AtomicInteger COUNT = new AtomicInteger();

		static final AtomicLong FIRST = new AtomicLong();

		static void reset() {
			COUNT.set(0);
			FIRST.set(0);
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

		@KinesisListener
		void onBatch(List<KinesisClientRecord> records) {
			Counter.FIRST.compareAndSet(0, System.nanoTime());
			Counter.COUNT.addAndGet(records.size());
		}

	}

}
