package io.github.kinetic.listener.support;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.kinetic.listener.KinesisFailedRecord;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Writes the JSON envelope of a dead-lettered record; the fields are documented on
 * {@link KinesisDeadLetterRecoverer}. Written by hand so that dead-lettering does not
 * need Jackson.
 */
final class DeadLetterEnvelope {

	static final int VERSION = 1;

	private DeadLetterEnvelope() {
	}

	static String toJson(KinesisFailedRecord failed, Instant failedAt) {
		KinesisClientRecord record = failed.record();
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put("version", VERSION);
		fields.put("listenerId", failed.listenerId());
		fields.put("sourceStream", failed.streamName());
		fields.put("shardId", failed.shardId());
		fields.put("sequenceNumber", record.sequenceNumber());
		fields.put("subSequenceNumber", record.subSequenceNumber());
		fields.put("partitionKey", record.partitionKey());
		Instant arrival = record.approximateArrivalTimestamp();
		fields.put("approximateArrivalTimestamp", (arrival != null) ? arrival.toString() : null);
		fields.put("exceptionClass", failed.cause().getClass().getName());
		fields.put("exceptionMessage", failed.cause().getMessage());
		fields.put("conversionFailure", failed.isConversionFailure());
		fields.put("reason", failed.reason());
		fields.put("attempts", failed.attempts());
		fields.put("failedAt", failedAt.toString());
		fields.put("data", Base64.getEncoder().encodeToString(RecordData.bytes(record)));
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			string(json, name);
			json.append(':');
			value(json, value);
		});
		return json.append('}').toString();
	}

	private static void value(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Number || value instanceof Boolean) {
			json.append(value);
		}
		else {
			string(json, value.toString());
		}
	}

	private static void string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
