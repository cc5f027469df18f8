package io.github.kinetic.metrics;

import java.util.concurrent.TimeUnit;

import io.github.kinetic.listener.ListenerShard;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerListenerObserverTests {

	private static final ListenerShard SHARD = new ListenerShard("orders-listener", "orders", "shardId-000000000000");

	private static final Tags TAGS = Tags.of("application", "app", "listener", "orders-listener", "stream", "orders");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerListenerObserver observer = new MicrometerListenerObserver(this.registry, "app");

	@Test
	void countsRecordsBatchesAndListenerTimeOfProcessedBatches() {
		this.observer.batchProcessed(SHARD, 10, TimeUnit.MILLISECONDS.toNanos(20));
		this.observer.batchProcessed(SHARD, 5, TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(this.registry.get("kinetic.listener.records").tags(TAGS).counter().count()).isEqualTo(15);
		assertThat(this.registry.get("kinetic.listener.batches").tags(TAGS).counter().count()).isEqualTo(2);
		assertThat(this.registry.get("kinetic.listener.time").tags(TAGS).tag("outcome", "success").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get("kinetic.listener.time")
			.tags(TAGS)
			.tag("outcome", "success")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);
	}

	@Test
	void countsFailuresByExceptionRetriesAndTheRecordsProcessedBeforeTheFailure() {
		this.observer.listenerFailed(SHARD, 3, new IllegalStateException("boom"), 1_000_000);
		this.observer.retrying(SHARD, 1, 500);
		this.observer.listenerFailed(SHARD, 0, new IllegalStateException("boom"), 1_000_000);
		this.observer.retrying(SHARD, 2, 1000);
		assertThat(this.registry.get("kinetic.listener.failures")
			.tags(TAGS)
			.tag("exception", "IllegalStateException")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("kinetic.listener.retries").tags(TAGS).counter().count()).isEqualTo(2);
		assertThat(this.registry.get("kinetic.listener.records").tags(TAGS).counter().count()).isEqualTo(3);
		assertThat(this.registry.get("kinetic.listener.time").tags(TAGS).tag("outcome", "failure").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.find("kinetic.listener.batches").counter()).isNull();
	}

	@Test
	void tagsEachListenerWithItsOwnApplicationName() {
		MicrometerListenerObserver groups = new MicrometerListenerObserver(this.registry,
				(listenerId) -> listenerId.equals("audit") ? "audit-app" : "app");
		groups.batchProcessed(SHARD, 2, 1_000);
		groups.batchProcessed(new ListenerShard("audit", "orders", "shardId-000000000000"), 3, 1_000);
		assertThat(this.registry.get("kinetic.listener.records").tags(TAGS).counter().count()).isEqualTo(2);
		assertThat(this.registry.get("kinetic.listener.records")
			.tags("application", "audit-app", "listener", "audit", "stream", "orders")
			.counter()
			.count()).isEqualTo(3);
	}

	@Test
	void countsDeadLetteredRecords() {
		this.observer.deadLettered(SHARD, 4, new IllegalStateException());
		assertThat(this.registry.get("kinetic.listener.dead.lettered").tags(TAGS).counter().count()).isEqualTo(4);
	}

	@Test
	void countsFilteredRecords() {
		this.observer.recordsFiltered(SHARD, 3);
		this.observer.recordsFiltered(SHARD, 2);
		assertThat(this.registry.get("kinetic.listener.records.filtered").tags(TAGS).counter().count()).isEqualTo(5);
	}

	@Test
	void countsExpiredRecords() {
		this.observer.recordsExpired(SHARD, 7);
		this.observer.recordsExpired(SHARD, 1);
		assertThat(this.registry.get("kinetic.listener.records.expired").tags(TAGS).counter().count()).isEqualTo(8);
	}

	@Test
	void gaugesMillisBehindLatestOfEachHeldShardUntilTheShardStops() {
		this.observer.shardStarted(SHARD);
		Tags shardTags = TAGS.and("shard", "shardId-000000000000");
		assertThat(this.registry.get("kinetic.shard.millis.behind.latest").tags(shardTags).gauge().value()).isNaN();
		this.observer.batchReceived(SHARD, 10, 4200L);
		assertThat(this.registry.get("kinetic.shard.millis.behind.latest").tags(shardTags).gauge().value())
			.isEqualTo(4200);
		this.observer.batchReceived(SHARD, 0, null);
		assertThat(this.registry.get("kinetic.shard.millis.behind.latest").tags(shardTags).gauge().value())
			.isEqualTo(4200);
		this.observer.batchReceived(SHARD, 0, 0L);
		assertThat(this.registry.get("kinetic.shard.millis.behind.latest").tags(shardTags).gauge().value()).isZero();
		this.observer.shardStopped(SHARD);
		assertThat(this.registry.find("kinetic.shard.millis.behind.latest").gauge()).isNull();
	}

}
