package io.github.kinetic.observation;

/**
 * One call of a listener method: the subject of a {@link ListenerCallScope}.
 *
 * @param listenerId the listener id
 * @param applicationName the application name (consumer group) of the listener
 * @param stream the stream
 * @param shardId the shard id
 * @param firstSequenceNumber the sequence number of the first record delivered
 * @param batchSize how many records the call receives: 1 for a one-record listener
 * @author kinetic contributors
 * @since 0.1.0
 */
public record ListenerCall(String listenerId, String applicationName, String stream, String shardId,
		String firstSequenceNumber, int batchSize) {

}
