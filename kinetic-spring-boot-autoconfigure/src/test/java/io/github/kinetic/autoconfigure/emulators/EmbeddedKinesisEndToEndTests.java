package io.github.kinetic.autoconfigure.emulators;

import java.time.Duration;
import java.util.List;

import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.EmbeddedKinesis;
import io.github.kinetic.test.LocalAwsEmulators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmbeddedKinesis @EmbeddedKinesis} on a {@code @SpringBootTest}: the stream
 * exists before the context starts and the auto-configured clients reach the emulators,
 * though the properties name another region, endpoint and credentials.
 */
@SpringBootTest(classes = CollectingListenerApplication.class,
		properties = { "kinetic.application-name=embedded-kinesis-test", "kinetic.streams[0].name=embedded-orders",
				"kinetic.streams[0].start-from.position=trim-horizon", "kinetic.region=eu-west-1",
				"kinetic.kinesis.endpoint=http://127.0.0.1:1", "kinetic.creds.access-key-id=wrong",
				"kinetic.creds.secret-access-key=wrong", "kinetic.lease.failover-time=2s",
				"kinetic.polling.idle-time-between-reads=200ms", "kinetic.shutdown-timeout=20s" })
@EmbeddedKinesis(streams = "embedded-orders", shards = 2)
// closed after the class rather than at JVM exit, so its KCL worker stops with it
@DirtiesContext
class EmbeddedKinesisEndToEndTests {

	@Autowired
	private KineticConnectionDetails connectionDetails;

	@Autowired
	private LocalAwsEmulators emulators;

	@Autowired
	private CollectingListener listener;

	@Test
	void connectionDetailsAreTheEmulatorsOverTheProperties() {
		assertThat(this.emulators).isSameAs(LocalAwsEmulators.shared());
		assertThat(this.connectionDetails.getRegion()).isEqualTo(LocalAwsEmulators.REGION);
		assertThat(this.connectionDetails.getKinesisEndpoint()).isEqualTo(this.emulators.kinesisEndpoint());
		assertThat(this.connectionDetails.getDynamoDbEndpoint()).isEqualTo(this.emulators.dynamoDbEndpoint());
		AwsCredentials credentials = this.connectionDetails.getCredentials();
		assertThat(credentials).isNotNull();
		assertThat(credentials.accessKeyId()).isEqualTo(LocalAwsEmulators.ACCESS_KEY_ID);
	}

	@Test
	void listenerReceivesRecordsOfTheCreatedStream() {
		assertThat(this.emulators.kinesisClient()
			.describeStreamSummary((request) -> request.streamName("embedded-orders"))
			.join()
			.streamDescriptionSummary()
			.openShardCount()).isEqualTo(2);
		AwsTestClients.shared().putRecords("embedded-orders", List.of("one", "two", "three"));
		// KCL waits up to 30 s on a fresh lease table before its first shard sync
		await().atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(this.listener.received).containsExactlyInAnyOrder("one", "two", "three"));
	}

}
