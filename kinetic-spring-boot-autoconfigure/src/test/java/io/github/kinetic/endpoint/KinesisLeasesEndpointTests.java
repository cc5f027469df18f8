package io.github.kinetic.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.kinetic.endpoint.KinesisLeasesEndpoint.KinesisLeasesDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.LeaseDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.Mode;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint bean of applications consuming with real KCL against the emulators.
 */
class KinesisLeasesEndpointTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void showsEachLeaseOfASingleStreamApplicationWithOwnerCheckpointAndLag() {
		String stream = KineticTestApplications.uniqueName("leases");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> sent = IntStream.range(0, 40).mapToObj((i) -> "record-" + i).toList();
		aws.putRecords(stream, sent);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.worker-id", "worker-a",
						"kinetic.streams[0].name", stream, "kinetic.streams[0].start-from.position", "trim-horizon",
						"management.endpoints.web.exposure.include", "kinesisleases"))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.size() >= sent.size());
			KinesisLeasesEndpoint endpoint = context.getBean(KinesisLeasesEndpoint.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(endpoint.leases(null).leases())
					.extracting((lease) -> lease.checkpoint().sequenceNumber())
					.containsExactlyInAnyOrderElementsOf(
							LeaseTableAssertions.checkpoints(aws.scan(application)).values())
					.allSatisfy((sequenceNumber) -> assertThat(sequenceNumber).matches("[0-9]+")));
			KinesisLeasesDescriptor descriptor = endpoint.leases(null);
			assertThat(descriptor.applicationName()).isEqualTo(application);
			assertThat(descriptor.workerId()).isEqualTo("worker-a");
			assertThat(descriptor.mode()).isEqualTo(Mode.SINGLE_STREAM);
			assertThat(descriptor.retrievalMode()).isEqualTo(RetrievalMode.POLLING);
			assertThat(descriptor.consumerName()).isNull();
			assertThat(descriptor.leases()).extracting(LeaseDescriptor::shardId)
				.containsExactly("shardId-000000000000", "shardId-000000000001");
			assertThat(descriptor.leases()).allSatisfy((lease) -> {
				assertThat(lease.leaseKey()).isEqualTo(lease.shardId());
				assertThat(lease.stream()).isEqualTo(stream);
				assertThat(lease.owner()).isEqualTo("worker-a");
				assertThat(lease.ownedByThisWorker()).isTrue();
				assertThat(lease.leaseCounter()).isPositive();
				assertThat(lease.checkpoint().sentinel()).isFalse();
				assertThat(lease.checkpoint().subSequenceNumber()).isZero();
				assertThat(lease.pendingCheckpoint()).isNull();
				assertThat(lease.parentShardIds()).isEmpty();
				assertThat(lease.childShardIds()).isEmpty();
				assertThat(lease.hashKeyRange()).isNotNull();
				assertThat(lease.millisBehindLatest()).isNotNull().isNotNegative();
			});
			assertThat(descriptor.leases().get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
		}
	}

	@Test
	void showsTheLeasesOfEachStreamOfAMultiStreamApplicationAndNothingForAnUnknownStream() {
		String first = KineticTestApplications.uniqueName("first");
		String second = KineticTestApplications.uniqueName("second");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(first, 1);
		aws.createStream(second, 2);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", first,
						"kinetic.streams[0].start-from.position", "trim-horizon", "kinetic.streams[1].name", second,
						"kinetic.streams[1].start-from.position", "trim-horizon",
						"management.endpoints.web.exposure.include", "kinesisleases"))) {
			KinesisLeasesEndpoint endpoint = context.getBean(KinesisLeasesEndpoint.class);
			await().atMost(FIRST_DELIVERY)
				.untilAsserted(() -> assertThat(endpoint.leases(null).leases()).hasSize(3)
					.allSatisfy((lease) -> assertThat(lease.ownedByThisWorker()).isTrue()));
			KinesisLeasesDescriptor descriptor = endpoint.leases(null);
			assertThat(descriptor.mode()).isEqualTo(Mode.MULTI_STREAM);
			assertThat(descriptor.leases()).allSatisfy((lease) -> {
				assertThat(lease.leaseKey()).matches("[0-9]{12}:" + lease.stream() + ":[0-9]+:" + lease.shardId());
				assertThat(lease.checkpoint().sequenceNumber()).isEqualTo("TRIM_HORIZON");
				assertThat(lease.checkpoint().sentinel()).isTrue();
			});
			KinesisLeasesDescriptor secondOnly = endpoint.streamLeases(second);
			assertThat(secondOnly).isNotNull();
			assertThat(secondOnly.leases()).extracting(LeaseDescriptor::stream).containsExactly(second, second);
			assertThat(secondOnly.leases()).extracting(LeaseDescriptor::shardId)
				.containsExactly("shardId-000000000000", "shardId-000000000001");
			assertThat(endpoint.streamLeases("no-such-stream")).isNull();
		}
	}

}
