package io.github.kinetic.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records at the edges of what Kinesis carries, each with a defined outcome: an empty
 * payload and a 1 MiB one are delivered as they are, and a KPL-aggregated record, built
 * here byte by byte, reaches the listener as its user records, in order.
 */
class HostileRecordsEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversAnEmptyPayloadAOneMebibytePayloadAndTheUserRecordsOfAnAggregatedRecordInOrder() throws Exception {
		String stream = KineticTestApplications.uniqueName("hostile");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 1);
		String big = "x".repeat(1024 * 1024 - "key".length());
		put(stream, SdkBytes.fromUtf8String("first"));
		put(stream, SdkBytes.fromByteArray(new byte[0]));
		put(stream, SdkBytes.fromUtf8String(big));
		put(stream, SdkBytes.fromByteArray(aggregated(List.of("agg-0", "agg-1", "agg-2"))));
		put(stream, SdkBytes.fromUtf8String("last"));
		try (ConfigurableApplicationContext context = KineticTestApplications.run(RecordingApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream,
						"kinetic.streams[0].start-from.position", "trim-horizon"))) {
			RecordingListener listener = context.getBean(RecordingListener.class);
			await().atMost(Duration.ofMinutes(2)).until(() -> listener.received.contains("last"));
			assertThat(listener.received).containsExactly("first", "", big, "agg-0", "agg-1", "agg-2", "last");
		}
	}

	private static void put(String stream, SdkBytes data) {
		aws.kinesis().putRecord((request) -> request.streamName(stream).partitionKey("key").data(data)).join();
	}

	/**
	 * The KPL's aggregated format: magic bytes F3 89 9A C2, an {@code AggregatedRecord}
	 * protobuf message (a partition key table, then records that point into it), and the
	 * MD5 of that message.
	 */
	static byte[] aggregated(List<String> userRecords) throws Exception {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		// field 1: partition_key_table, one key
		lengthDelimited(message, 1, "key".getBytes(StandardCharsets.UTF_8));
		for (String userRecord : userRecords) {
			ByteArrayOutputStream record = new ByteArrayOutputStream();
			// field 1: partition_key_index = 0 (varint)
			record.write(1 << 3);
			record.write(0);
			// field 3: data
			lengthDelimited(record, 3, userRecord.getBytes(StandardCharsets.UTF_8));
			// field 3 of AggregatedRecord: records
			lengthDelimited(message, 3, record.toByteArray());
		}
		byte[] body = message.toByteArray();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[] { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 });
		out.write(body);
		out.write(MessageDigest.getInstance("MD5").digest(body));
		return out.toByteArray();
	}

	private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] bytes) {
		out.write((field << 3) | 2);
		int length = bytes.length;
		while (length >= 0x80) {
			out.write((length & 0x7F) | 0x80);
			length >>>= 7;
		}
		out.write(length);
		out.writeBytes(bytes);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RecordingApplication {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class RecordingListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@KinesisListener
		void onRecord(String payload) {
			this.received.add(payload);
		}

	}

}
