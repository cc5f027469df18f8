package io.github.kinetic.producer;

import org.springframework.util.Assert;

/**
 * A record to put on a stream: its partition key and a payload that
 * {@link KinesisTemplate} converts to bytes.
 *
 * @param partitionKey the partition key, which picks the shard
 * @param payload the payload: {@code byte[]}, {@code String} (UTF-8), {@code ByteBuffer},
 * or an object written as JSON
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisProducerRecord(String partitionKey, Object payload) {

	public KinesisProducerRecord {
		Assert.hasLength(partitionKey, "A Kinesis record needs a partition key");
		Assert.notNull(payload, "A Kinesis record needs a payload");
	}

}
