package io.github.kinetic.listener.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.kinetic.listener.KinesisFailedRecord;
import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.listener.RecordExpiredException;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the envelope of {@link KinesisDeadLetterRecoverer}.
 */
class KinesisDeadLetterRecovererTests {

	private static final Instant FAILED_AT = Instant.parse("2026-11-25T12:00:00Z");

	private final JsonMapper json = new JsonMapper();

	@Test
	void envelopeCarriesTheOriginalDataAndWhereAndWhyTheRecordFailed() {
		KinesisClientRecord record = KinesisClientRecord.builder()
			.sequenceNumber("7")
			.subSequenceNumber(0)
			.partitionKey("key-7")
			.approximateArrivalTimestamp(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(7))
			.data(ByteBuffer.wrap(new byte[] { 0, 1, 2, (byte) 0xFF }))
			.build();
		KinesisFailedRecord failed = new KinesisFailedRecord("orders-listener", "orders", "shardId-000000000001",
				record, new IllegalStateException("stock \"unknown\"\nline two"), 3);
		JsonNode envelope = this.json.readTree(DeadLetterEnvelope.toJson(failed, FAILED_AT));
		assertThat(envelope.get("version").asInt()).isEqualTo(1);
		assertThat(envelope.get("listenerId").asString()).isEqualTo("orders-listener");
		assertThat(envelope.get("sourceStream").asString()).isEqualTo("orders");
		assertThat(envelope.get("shardId").asString()).isEqualTo("shardId-000000000001");
		assertThat(envelope.get("sequenceNumber").asString()).isEqualTo("7");
		assertThat(envelope.get("subSequenceNumber").asLong()).isZero();
		assertThat(envelope.get("partitionKey").asString()).isEqualTo("key-7");
		assertThat(envelope.get("approximateArrivalTimestamp").asString())
			.isEqualTo(record.approximateArrivalTimestamp().toString());
		assertThat(envelope.get("exceptionClass").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(envelope.get("exceptionMessage").asString()).isEqualTo("stock \"unknown\"\nline two");
		assertThat(envelope.get("conversionFailure").asBoolean()).isFalse();
		assertThat(envelope.get("reason").asString()).isEqualTo("listener-failed");
		assertThat(envelope.get("attempts").asInt()).isEqualTo(3);
		assertThat(envelope.get("failedAt").asString()).isEqualTo("2026-11-25T12:00:00Z");
		assertThat(Base64.getDecoder().decode(envelope.get("data").asString())).containsExactly(0, 1, 2, (byte) 0xFF);
	}

	@Test
	void envelopeOfAConversionFailureSaysSoAndKeepsNullFields() {
		KinesisClientRecord record = KinesisClientRecord.builder()
			.sequenceNumber("9")
			.partitionKey("k")
			.data(java.nio.ByteBuffer.wrap("{oops".getBytes(StandardCharsets.UTF_8)))
			.build();
		KinesisFailedRecord failed = new KinesisFailedRecord("l", "s", "shard", record,
				new PayloadConversionException("bad\u0001json", null), 1);
		JsonNode envelope = this.json.readTree(DeadLetterEnvelope.toJson(failed, FAILED_AT));
		assertThat(envelope.get("conversionFailure").asBoolean()).isTrue();
		assertThat(envelope.get("reason").asString()).isEqualTo("conversion-failed");
		assertThat(envelope.get("approximateArrivalTimestamp").isNull()).isTrue();
		assertThat(envelope.get("exceptionMessage").asString()).isEqualTo("bad\u0001json");
		assertThat(new String(Base64.getDecoder().decode(envelope.get("data").asString()), StandardCharsets.UTF_8))
			.isEqualTo("{oops");
	}

	@Test
	void envelopeOfAnExpiredRecordSaysSo() {
		Instant arrival = Instant.parse("2026-11-25T10:00:00Z");
		KinesisClientRecord record = KinesisClientRecord.builder()
			.sequenceNumber("11")
			.partitionKey("k")
			.approximateArrivalTimestamp(arrival)
			.data(ByteBuffer.wrap(new byte[] { 1 }))
			.build();
		KinesisFailedRecord failed = new KinesisFailedRecord("l", "s", "shard", record,
				new RecordExpiredException(arrival, Duration.ofMinutes(5)), 0);
		JsonNode envelope = this.json.readTree(DeadLetterEnvelope.toJson(failed, FAILED_AT));
		assertThat(envelope.get("reason").asString()).isEqualTo("expired");
		assertThat(envelope.get("conversionFailure").asBoolean()).isFalse();
		assertThat(envelope.get("exceptionClass").asString()).isEqualTo(RecordExpiredException.class.getName());
		assertThat(envelope.get("exceptionMessage").asString()).startsWith("expired: arrived at " + arrival);
		assertThat(envelope.get("attempts").asInt()).isZero();
	}

}
