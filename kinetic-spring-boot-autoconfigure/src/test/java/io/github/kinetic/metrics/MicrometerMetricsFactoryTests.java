package io.github.kinetic.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;
import software.amazon.kinesis.metrics.MetricsUtil;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerMetricsFactoryTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void recordsTimesAsTimersAndCountsAsSummariesWithOperationStreamAndShardTags() {
		MicrometerMetricsFactory factory = factory(MetricsLevel.SUMMARY, "orders");
		MetricsScope scope = MetricsUtil.createMetricsWithOperation(factory, "ProcessTask");
		MetricsUtil.addShardId(scope, "shardId-000000000001");
		scope.addData("RecordsProcessed", 25, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		scope.addData("MillisBehindLatest", 1500, StandardUnit.MILLISECONDS, MetricsLevel.SUMMARY);
		scope.addData("DataBytesProcessed", 2048, StandardUnit.BYTES, MetricsLevel.SUMMARY);
		scope.end();
		Tags tags = Tags.of("application", "app", "operation", "ProcessTask", "stream", "orders", "shard",
				"shardId-000000000001");
		assertThat(this.registry.get("kcl.records.processed").tags(tags).summary().totalAmount()).isEqualTo(25);
		assertThat(this.registry.get("kcl.millis.behind.latest").tags(tags).timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(1500);
		assertThat(this.registry.get("kcl.data.bytes.processed").tags(tags).summary().getId().getBaseUnit())
			.isEqualTo("bytes");
	}

	@Test
	void addsUpDataOfTheSameNameWithinAScopeAndRecordsThemWhenItEnds() {
		MetricsScope scope = factory(MetricsLevel.DETAILED, "orders").createMetrics();
		scope.addData("RecordsProcessed", 0, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		scope.addData("RecordsProcessed", 7, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		assertThat(this.registry.find("kcl.records.processed").summary()).isNull();
		scope.addDimension(MetricsUtil.OPERATION_DIMENSION_NAME, "ProcessTask");
		scope.end();
		scope.end();
		assertThat(this.registry.get("kcl.records.processed").tag("operation", "ProcessTask").summary().count())
			.isEqualTo(1);
		assertThat(this.registry.get("kcl.records.processed").summary().totalAmount()).isEqualTo(7);
	}

	@Test
	void dropsDataBelowTheConfiguredLevel() {
		MetricsScope scope = factory(MetricsLevel.SUMMARY, "orders").createMetrics();
		scope.addData("RecordsProcessed", 1, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		scope.addData("KinesisDataFetcher.getRecords.Time", 12, StandardUnit.MILLISECONDS, MetricsLevel.DETAILED);
		scope.addData("Unlevelled", 1, StandardUnit.COUNT);
		scope.end();
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactly("kcl.records.processed");
	}

	@Test
	void recordsNothingAtLevelNone() {
		MetricsScope scope = factory(MetricsLevel.NONE, "orders").createMetrics();
		scope.addData("RecordsProcessed", 1, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		scope.end();
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void recordsLeaseAndWorkerCountsAsGaugesOfTheLastValue() {
		MicrometerMetricsFactory factory = factory(MetricsLevel.SUMMARY, "orders");
		for (int leases : new int[] { 4, 2 }) {
			MetricsScope scope = MetricsUtil.createMetricsWithOperation(factory, "LeaseRenewer");
			scope.addData("CurrentLeases", leases, StandardUnit.COUNT, MetricsLevel.SUMMARY);
			scope.end();
		}
		Meter gauge = this.registry.get("kcl.current.leases").tag("operation", "LeaseRenewer").gauge();
		assertThat(this.registry.get("kcl.current.leases").gauge().value()).isEqualTo(2);
		assertThat(gauge.getId().getType()).isEqualTo(Meter.Type.GAUGE);
	}

	@Test
	void aSchedulerStartedAgainReportsIntoTheGaugeItsPredecessorRegistered() {
		KclMetricsFactories factories = new KclMetricsFactories(this.registry, MetricsLevel.SUMMARY);
		for (int leases : new int[] { 4, 1 }) {
			// each start of the consumer group's scheduler gets a factory of its own
			MetricsScope scope = MetricsUtil.createMetricsWithOperation(factories.forScheduler("app", "orders"),
					"LeaseRenewer");
			scope.addData("CurrentLeases", leases, StandardUnit.COUNT, MetricsLevel.SUMMARY);
			scope.end();
		}
		assertThat(this.registry.find("kcl.current.leases").gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.value()).isEqualTo(1));
	}

	@Test
	void takesTheStreamFromTheStreamIdOfAMultiStreamApplicationAndNoneWithout() {
		MicrometerMetricsFactory factory = factory(MetricsLevel.SUMMARY, null);
		MetricsScope scope = factory.createMetrics();
		scope.addDimension("StreamId", "123456789012:payments:1700000000");
		scope.addDimension("WorkerIdentifier", "worker-1");
		scope.addData("RecordsProcessed", 1, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		scope.end();
		MetricsScope leaseScope = factory.createMetrics();
		leaseScope.addData("TakenLeases", 1, StandardUnit.COUNT, MetricsLevel.SUMMARY);
		leaseScope.end();
		assertThat(this.registry.get("kcl.records.processed").summary().getId().getTags())
			.containsExactlyInAnyOrderElementsOf(
					Tags.of("application", "app", "operation", "none", "stream", "payments", "shard", "none"));
		assertThat(this.registry.get("kcl.taken.leases").summary().getId().getTag("stream")).isEqualTo("none");
	}

	@Test
	void namesMetersWithTheLowerCaseWordsOfTheKclName() {
		assertThat(MicrometerMetricsFactory.meterName("MillisBehindLatest")).isEqualTo("kcl.millis.behind.latest");
		assertThat(MicrometerMetricsFactory.meterName("RecordProcessor.processRecords.Time"))
			.isEqualTo("kcl.record.processor.process.records.time");
		assertThat(MicrometerMetricsFactory.meterName("ActiveStreams.Count")).isEqualTo("kcl.active.streams.count");
		assertThat(MicrometerMetricsFactory.meterName("CurrentState:3xWorker"))
			.isEqualTo("kcl.current.state.3x.worker");
		assertThat(MicrometerMetricsFactory.meterName("Time")).isEqualTo("kcl.time");
	}

	private MicrometerMetricsFactory factory(MetricsLevel level, String singleStream) {
		return new MicrometerMetricsFactory(this.registry, level, "app", singleStream);
	}

}
