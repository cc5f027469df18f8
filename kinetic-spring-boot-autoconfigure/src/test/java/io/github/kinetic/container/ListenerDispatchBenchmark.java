package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.slf4j.MDC;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Dispatch cost per record, with JMH: one batch of {@value #BATCH} records handed as
 * KCL's {@link ProcessRecordsInput} to kinetic's {@link ListenerRecordProcessor}
 * (session, delivery, invoker, payload converter, batch checkpoint), against a
 * hand-written {@link ShardRecordProcessor} doing the same work (decode UTF-8 or read
 * JSON with the same mapper, call the same method, checkpoint the last record). The
 * checkpointer does nothing, so only dispatch is measured. Prints ns and bytes allocated
 * per record and the ratios kinetic / hand-written; asserts nothing about time.
 * <p>
 * The hand-written processors set no MDC keys, while kinetic sets its documented ones
 * ({@code KinesisListenerMdc}: stream and shard per batch, sequence numbers per call).
 * Two further benchmarks, {@code recordsHandWrittenWithMdc} and
 * {@code singleStringHandWrittenWithMdc}, are the same hand-written processors setting
 * those keys as kinetic does; they tell the cost of the keys apart from the rest of the
 * dispatch and leave the plain hand-written baselines as they were.
 * <p>
 * Public because JMH's generated code extends it. Run with {@code ./mvnw -pl
 * kinetic-spring-boot-autoconfigure -am test -Dgroups=benchmark -DexcludedGroups=
 * -Dtest=ListenerDispatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dbenchmark.include=pojos.*} runs only the benchmarks whose method name matches.
 */
@Tag("benchmark")
@State(Scope.Thread)
public class ListenerDispatchBenchmark {

	static final int BATCH = 100;

	private static final List<String> SHAPES = List.of("records", "strings", "pojos", "singleString");

	private final JsonMapper mapper = new JsonMapper();

	private final Work work = new Work();

	private ProcessRecordsInput input;

	private ShardRecordProcessor kineticRecords;

	private ShardRecordProcessor kineticStrings;

	private ShardRecordProcessor kineticPojos;

	private ShardRecordProcessor kineticSingleString;

	private ShardRecordProcessor handWrittenRecords;

	private ShardRecordProcessor handWrittenStrings;

	private ShardRecordProcessor handWrittenPojos;

	private ShardRecordProcessor handWrittenSingleString;

	private ShardRecordProcessor handWrittenRecordsWithMdc;

	private ShardRecordProcessor handWrittenSingleStringWithMdc;

	@Setup(Level.Trial)
	public void setUp() {
		List<KinesisClientRecord> records = new ArrayList<>(BATCH);
		for (int i = 0; i < BATCH; i++) {
			String json = "{\"id\":\"order-" + i + "\",\"customer\":\"customer-" + (i % 17) + "\",\"quantity\":" + i
					+ ",\"amount\":" + i + ".5}";
			records.add(KinesisClientRecord.builder()
				.sequenceNumber(String.valueOf(49_000_000_000L + i))
				.subSequenceNumber(0)
				.partitionKey("key-" + i)
				.approximateArrivalTimestamp(Instant.now())
				.data(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)))
				.build());
		}
		this.input = ProcessRecordsInput.builder()
			.records(records)
			.checkpointer(new NoOpCheckpointer())
			.millisBehindLatest(0L)
			.build();
		this.kineticRecords = kinetic("records", List.class);
		this.kineticStrings = kinetic("strings", List.class);
		this.kineticPojos = kinetic("pojos", List.class);
		this.kineticSingleString = kinetic("singleString", String.class);
		this.handWrittenRecords = new HandWrittenProcessor((input) -> this.work.records(input.records()));
		this.handWrittenStrings = new HandWrittenProcessor((input) -> {
			List<String> strings = new ArrayList<>(input.records().size());
			for (KinesisClientRecord record : input.records()) {
				strings.add(new String(bytes(record), StandardCharsets.UTF_8));
			}
			this.work.strings(strings);
		});
		this.handWrittenPojos = new HandWrittenProcessor((input) -> {
			List<Order> orders = new ArrayList<>(input.records().size());
			for (KinesisClientRecord record : input.records()) {
				orders.add(this.mapper.readValue(bytes(record), Order.class));
			}
			this.work.pojos(orders);
		});
		this.handWrittenSingleString = new HandWrittenProcessor((input) -> {
			for (KinesisClientRecord record : input.records()) {
				this.work.singleString(new String(bytes(record), StandardCharsets.UTF_8));
			}
		});
		this.handWrittenRecordsWithMdc = new HandWrittenProcessor(withMdc((input) -> {
			List<KinesisClientRecord> batch = input.records();
			putSequenceNumbers(batch.get(0), batch.get(batch.size() - 1));
			this.work.records(batch);
		}));
		this.handWrittenSingleStringWithMdc = new HandWrittenProcessor(withMdc((input) -> {
			for (KinesisClientRecord record : input.records()) {
				String payload = new String(bytes(record), StandardCharsets.UTF_8);
				putSequenceNumbers(record, record);
				this.work.singleString(payload);
			}
		}));
	}

	private ShardRecordProcessor kinetic(String method, Class<?> parameterType) {
		Method listenerMethod = ReflectionUtils.findMethod(Work.class, method, parameterType);
		KinesisListenerEndpoint endpoint = new KinesisListenerEndpoint(method, this.work, listenerMethod,
				List.of(TestRecords.STREAM));
		ListenerMethodInvoker invoker = ListenerMethodInvoker.create(endpoint,
				new DefaultPayloadConverter(new JacksonPayloadConverter(this.mapper)), CheckpointMode.BATCH);
		ListenerBinding binding = DeliveryFixture.binding(invoker, CheckpointMode.BATCH, Duration.ofSeconds(5),
				new FailurePolicy(new FixedBackOff(1), 3, null));
		ListenerRecordProcessor processor = new ListenerRecordProcessor(TestRecords.STREAM, binding,
				new ContainerStopSignal(), System::nanoTime, ListenerObserver.NONE);
		processor.initialize(InitializationInput.builder().shardId(TestRecords.SHARD).build());
		return processor;
	}

	/**
	 * The MDC keys as kinetic sets them: stream and shard around the batch, the sequence
	 * numbers before each call (by the work), all removed when the batch is done.
	 */
	private static Consumer<ProcessRecordsInput> withMdc(Consumer<ProcessRecordsInput> work) {
		return (input) -> {
			MDC.put(KinesisListenerMdc.STREAM, TestRecords.STREAM);
			MDC.put(KinesisListenerMdc.SHARD, TestRecords.SHARD);
			try {
				work.accept(input);
			}
			finally {
				MDC.remove(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER);
				MDC.remove(KinesisListenerMdc.LAST_SEQUENCE_NUMBER);
				MDC.remove(KinesisListenerMdc.STREAM);
				MDC.remove(KinesisListenerMdc.SHARD);
			}
		};
	}

	private static void putSequenceNumbers(KinesisClientRecord first, KinesisClientRecord last) {
		MDC.put(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, first.sequenceNumber());
		MDC.put(KinesisListenerMdc.LAST_SEQUENCE_NUMBER, last.sequenceNumber());
	}

	private static byte[] bytes(KinesisClientRecord record) {
		ByteBuffer data = record.data().duplicate();
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		return bytes;
	}

	@Benchmark
	public long recordsKinetic() {
		this.kineticRecords.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long recordsHandWritten() {
		this.handWrittenRecords.processRecords(this.input);
		return this.work.sink;
	}

	/**
	 * The hand-written raw batch plus the MDC keys kinetic sets, to tell the dispatch
	 * overhead apart from the cost of the MDC keys, which the hand-written processor does
	 * not offer.
	 */
	@Benchmark
	public long recordsHandWrittenWithMdc() {
		this.handWrittenRecordsWithMdc.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long stringsKinetic() {
		this.kineticStrings.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long stringsHandWritten() {
		this.handWrittenStrings.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long pojosKinetic() {
		this.kineticPojos.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long pojosHandWritten() {
		this.handWrittenPojos.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long singleStringKinetic() {
		this.kineticSingleString.processRecords(this.input);
		return this.work.sink;
	}

	@Benchmark
	public long singleStringHandWritten() {
		this.handWrittenSingleString.processRecords(this.input);
		return this.work.sink;
	}

	/**
	 * The hand-written single-record loop plus the MDC keys kinetic sets around each
	 * call.
	 */
	@Benchmark
	public long singleStringHandWrittenWithMdc() {
		this.handWrittenSingleStringWithMdc.processRecords(this.input);
		return this.work.sink;
	}

	/**
	 * What the MDC keys of a single-record listener cost alone: the two sequence number
	 * keys set and removed around each call, as kinetic does.
	 */
	@Benchmark
	public long mdcKeysPerRecord() {
		for (KinesisClientRecord record : this.input.records()) {
			MDC.put(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, record.sequenceNumber());
			MDC.put(KinesisListenerMdc.LAST_SEQUENCE_NUMBER, record.sequenceNumber());
			MDC.remove(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER);
			MDC.remove(KinesisListenerMdc.LAST_SEQUENCE_NUMBER);
		}
		return this.work.sink;
	}

	@Test
	void kineticAgainstHandWritten() throws Exception {
		Options options = new OptionsBuilder()
			.include(Pattern.quote(getClass().getName() + ".") + System.getProperty("benchmark.include", ".*"))
			.forks(Integer.getInteger("benchmark.forks", 1))
			.warmupIterations(Integer.getInteger("benchmark.warmups", 10))
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(Integer.getInteger("benchmark.iterations", 5))
			.measurementTime(TimeValue.seconds(2))
			.mode(Mode.AverageTime)
			.timeUnit(TimeUnit.NANOSECONDS)
			.jvmArgsAppend("-Xms256m", "-Xmx256m")
			.addProfiler(GCProfiler.class)
			.shouldFailOnError(true)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, RunResult> byName = new LinkedHashMap<>();
		results.forEach((result) -> {
			String benchmark = result.getParams().getBenchmark();
			byName.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
		});
		System.out.printf("%nbatches of %d records; per record (ns: mean +- 99.9%% half-interval)%n", BATCH);
		System.out
			.println("listener        kinetic ns          hand-written ns     ratio  kinetic B  hand-written B  ratio");
		for (String shape : SHAPES) {
			RunResult kinetic = byName.get(shape + "Kinetic");
			RunResult handWritten = byName.get(shape + "HandWritten");
			if (kinetic == null || handWritten == null) {
				continue;
			}
			double kineticNanos = kinetic.getPrimaryResult().getScore() / BATCH;
			double handWrittenNanos = handWritten.getPrimaryResult().getScore() / BATCH;
			double kineticBytes = allocated(kinetic) / BATCH;
			double handWrittenBytes = allocated(handWritten) / BATCH;
			// a hand-written loop over raw records allocates nothing: no ratio then
			String bytesRatio = (handWrittenBytes >= 1) ? String.format("%5.2f", kineticBytes / handWrittenBytes)
					: "  n/a";
			System.out.printf("%-14s  %7.1f +- %-7.1f  %7.1f +- %-7.1f  %5.2f  %9.0f  %14.0f  %s%n", shape,
					kineticNanos, kinetic.getPrimaryResult().getScoreError() / BATCH, handWrittenNanos,
					handWritten.getPrimaryResult().getScoreError() / BATCH, kineticNanos / handWrittenNanos,
					kineticBytes, handWrittenBytes, bytesRatio);
		}
		printWithMdc(byName);
		printMdc(byName);
	}

	private static void printWithMdc(Map<String, RunResult> byName) {
		for (String shape : List.of("records", "singleString")) {
			RunResult kinetic = byName.get(shape + "Kinetic");
			RunResult withMdc = byName.get(shape + "HandWrittenWithMdc");
			if (kinetic == null || withMdc == null) {
				continue;
			}
			double kineticNanos = kinetic.getPrimaryResult().getScore() / BATCH;
			double withMdcNanos = withMdc.getPrimaryResult().getScore() / BATCH;
			System.out.printf(
					"%-14s  hand-written with kinetic's MDC keys: %.1f +- %.1f ns, %.0f B per record; kinetic / that: %.2f%n",
					shape, withMdcNanos, withMdc.getPrimaryResult().getScoreError() / BATCH, allocated(withMdc) / BATCH,
					kineticNanos / withMdcNanos);
		}
	}

	private static void printMdc(Map<String, RunResult> byName) {
		RunResult mdc = byName.get("mdcKeysPerRecord");
		if (mdc != null) {
			System.out.printf("MDC keys alone (2 puts, 2 removes per record): %.1f +- %.1f ns, %.0f B per record%n",
					mdc.getPrimaryResult().getScore() / BATCH, mdc.getPrimaryResult().getScoreError() / BATCH,
					allocated(mdc) / BATCH);
		}
	}

	private static double allocated(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (allocation != null) ? allocation.getScore() : Double.NaN;
	}

	/**
	 * The listener methods kinetic calls and the hand-written processors call directly.
	 */
	static class Work {

		long sink;

		void records(List<KinesisClientRecord> records) {
			for (KinesisClientRecord record : records) {
				this.sink += record.data().remaining();
			}
		}

		void strings(List<String> strings) {
			for (String string : strings) {
				this.sink += string.length();
			}
		}

		void pojos(List<Order> orders) {
			for (Order order : orders) {
				this.sink += order.quantity();
			}
		}

		void singleString(String string) {
			this.sink += string.length();
		}

	}

	/**
	 * The JSON payload.
	 *
	 * @param id the order id
	 * @param customer the customer
	 * @param quantity the quantity
	 * @param amount the amount
	 */
	public record Order(String id, String customer, int quantity, double amount) {

	}

	/**
	 * What a raw KCL user writes: the work on the batch, then a checkpoint at its last
	 * record.
	 */
	private static final class HandWrittenProcessor implements ShardRecordProcessor {

		private final Consumer<ProcessRecordsInput> work;

		HandWrittenProcessor(Consumer<ProcessRecordsInput> work) {
			this.work = work;
		}

		@Override
		public void initialize(InitializationInput input) {
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			if (input.records().isEmpty()) {
				return;
			}
			this.work.accept(input);
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
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
		}

	}

}
