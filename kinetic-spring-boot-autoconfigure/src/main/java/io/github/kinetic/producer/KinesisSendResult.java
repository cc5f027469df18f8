package io.github.kinetic.producer;

/**
 * Where Kinesis put one record.
 *
 * @param streamName the stream
 * @param partitionKey the record's partition key
 * @param shardId the shard that holds the record
 * @param sequenceNumber the record's sequence number in that shard
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisSendResult(String streamName, String partitionKey, String shardId, String sequenceNumber) {

}
