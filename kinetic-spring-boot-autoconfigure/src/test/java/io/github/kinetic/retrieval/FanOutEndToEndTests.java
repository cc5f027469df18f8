package io.github.kinetic.retrieval;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint.KinesisLeasesDescriptor;
import io.github.kinetic.endpoint.KinesisLeasesEndpoint;
import io.github.kinetic.metrics.KinesisLeaseMetrics;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LeaseTableAssertions;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Enhanced fan-out with real KCL against kinesis-local, whose plain port serves
 * RegisterStreamConsumer and SubscribeToShard over HTTP/2 to the auto-configured Kinesis
 * client.
 */
@ExtendWith(OutputCaptureExtension.class)
class FanOutEndToEndTests {

	private static final Duration FIRST_DELIVERY = Duration.ofMinutes(2);

	// KCL's subscription lifecycle lines: only a shard read by SubscribeToShard logs them
	private static final String SUBSCRIBED = "(RecordFlow#onEventStream)";

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void consumesBySubscriptionCheckpointsAndResumesWithTheSameConsumerAfterARestart(CapturedOutput output) {
		String stream = KineticTestApplications.uniqueName("fan-out");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		List<String> first = payloads("first", 20);
		aws.putRecords(stream, first);
		Map<String, Object> properties = properties(application, stream);
		String consumerArn;
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.containsAll(first));
			List<Consumer> consumers = consumers(stream);
			assertThat(consumers).singleElement().satisfies((consumer) -> {
				assertThat(consumer.consumerName()).isEqualTo(application);
				assertThat(consumer.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
			});
			consumerArn = consumers.get(0).consumerARN();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LeaseTableAssertions.checkpoints(aws.scan(application)))
					.containsOnlyKeys("shardId-000000000000", "shardId-000000000001")
					.allSatisfy((shard, checkpoint) -> assertThat(checkpoint).matches("[0-9]+")));
			KinesisLeasesDescriptor leases = context.getBean(KinesisLeasesEndpoint.class).leases(null);
			assertThat(leases.retrievalMode()).isEqualTo(RetrievalMode.FAN_OUT);
			assertThat(leases.consumerName()).isEqualTo(application);
			assertThat(context.getBean(MeterRegistry.class)
				.get(KinesisLeaseMetrics.OWNED_LEASES)
				.tag("stream", stream)
				.gauge()
				.getId()
				.getTag("retrieval")).isEqualTo("fan-out");
		}
		Map<String, String> checkpointsAtStop = LeaseTableAssertions.checkpoints(aws.scan(application));
		assertThat(output).contains("Started consuming [" + stream + "] as " + application)
			.contains("enhanced fan-out as consumer " + application)
			.contains(SUBSCRIBED);
		List<String> second = payloads("second", 10);
		aws.putRecords(stream, second);
		int linesBeforeRestart = output.getOut().length();
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY).until(() -> received.containsAll(second));
			assertThat(received).as("records checkpointed at %s before the restart", checkpointsAtStop)
				.noneMatch((payload) -> payload.startsWith("first-"));
			assertThat(consumers(stream)).singleElement().satisfies((consumer) -> {
				assertThat(consumer.consumerARN()).isEqualTo(consumerArn);
				assertThat(consumer.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
			});
			assertThat(output.getOut().substring(linesBeforeRestart)).contains(SUBSCRIBED);
			// KCL's registration logs this before RegisterStreamConsumer: once, at the
			// first start
			assertThat(occurrences(output.getOut(), stream + " : StreamConsumer not found, need to create it")).isOne();

			KinesisStreamConsumers streamConsumers = context.getBean(KinesisStreamConsumers.class);
			assertThat(streamConsumers.describe(stream).consumerARN()).isEqualTo(consumerArn);
			assertThatIllegalStateException().isThrownBy(() -> streamConsumers.deregister(stream))
				.withMessageContaining("stop its listener container first");
			assertThat(consumers(stream)).hasSize(1);
			context.getBean(KinesisListenerEndpointRegistry.class).stop();
			assertThat(streamConsumers.deregister(stream)).isTrue();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumers(stream)).isEmpty());
			assertThat(streamConsumers.describe(stream)).isNull();
			assertThat(streamConsumers.deregister(stream)).isFalse();
		}
	}

	@Test
	void registersTheNamedConsumerOnEachStreamInMultiStreamMode(CapturedOutput output) {
		String orders = KineticTestApplications.uniqueName("orders");
		String payments = KineticTestApplications.uniqueName("payments");
		String application = KineticTestApplications.uniqueName("app");
		String consumerName = KineticTestApplications.uniqueName("reader");
		aws.createStream(orders, 1);
		aws.createStream(payments, 1);
		List<String> sentToOrders = payloads("order", 5);
		List<String> sentToPayments = payloads("payment", 5);
		aws.putRecords(orders, sentToOrders);
		aws.putRecords(payments, sentToPayments);
		Map<String, Object> properties = properties(application, orders);
		properties.put("kinetic.streams[1].name", payments);
		properties.put("kinetic.streams[1].start-from.position", "trim-horizon");
		properties.put("kinetic.retrieval.consumer-name", consumerName);
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				properties)) {
			List<String> received = context.getBean(CollectingListener.class).received;
			await().atMost(FIRST_DELIVERY)
				.until(() -> received.containsAll(sentToOrders) && received.containsAll(sentToPayments));
			for (String stream : List.of(orders, payments)) {
				assertThat(consumers(stream)).singleElement().satisfies((consumer) -> {
					assertThat(consumer.consumerName()).isEqualTo(consumerName);
					assertThat(consumer.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
				});
			}
			assertThat(output).contains("multi-stream mode, enhanced fan-out as consumer " + consumerName)
				.contains(SUBSCRIBED);
			context.getBean(KinesisListenerEndpointRegistry.class).stop();
			assertThat(context.getBean(KinesisStreamConsumers.class).deregisterAll()).containsExactly(orders, payments);
		}
	}

	private static Map<String, Object> properties(String application, String stream) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		properties.put("kinetic.streams[0].start-from.position", "trim-horizon");
		properties.put("kinetic.retrieval.mode", "fan-out");
		properties.put("management.endpoints.web.exposure.include", "kinesisleases");
		properties.put("logging.level.software.amazon.kinesis.retrieval.fanout.FanOutRecordsPublisher", "debug");
		return properties;
	}

	private static int occurrences(String text, String line) {
		return text.split(Pattern.quote(line), -1).length - 1;
	}

	private static List<String> payloads(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static List<Consumer> consumers(String stream) {
		String streamArn = aws.kinesis()
			.describeStreamSummary((request) -> request.streamName(stream))
			.join()
			.streamDescriptionSummary()
			.streamARN();
		return aws.kinesis().listStreamConsumers((request) -> request.streamARN(streamArn)).join().consumers();
	}

}
