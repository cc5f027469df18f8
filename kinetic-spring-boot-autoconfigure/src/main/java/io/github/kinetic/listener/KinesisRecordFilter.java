package io.github.kinetic.listener;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Decides which records reach a listener. A record the filter does not accept counts as
 * processed: it is checkpointed with its neighbours, counted by the
 * {@code kinetic.listener.records.filtered} metric, and never given to the listener
 * method.
 * <p>
 * Named in {@code @KinesisListener(filter = "beanName")}, or, as the only bean of this
 * type, used by every listener that names none. Called on the thread of the shard, before
 * the record's data is converted.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface KinesisRecordFilter {

	/**
	 * Return whether the record is delivered to the listener.
	 * @param record the record, as read from the shard
	 * @return {@code true} to deliver it, {@code false} to pass over it
	 */
	boolean accept(KinesisClientRecord record);

}
