package io.github.kinetic.listener;

/**
 * When a listener's progress on a shard is checkpointed. Whatever the mode, a record is
 * never checkpointed before the listener has processed it or a recoverer has taken it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public enum CheckpointMode {

	/**
	 * After each listener call returns: after each batch for a batch listener, after each
	 * batch KCL delivers for a single-record listener. Also when a listener fails part
	 * way through a batch (up to the last record it processed) and at shutdown.
	 */
	BATCH,

	/**
	 * After each record a single-record listener processes. A batch listener is
	 * checkpointed after each call, as with {@link #BATCH}.
	 */
	RECORD,

	/**
	 * Only when the listener calls the {@link Checkpointer} of its
	 * {@link KinesisRecordContext} or {@link KinesisBatchContext} parameter, which the
	 * method must then declare. Nothing is checkpointed at shutdown; the end of a shard
	 * is still checkpointed, as KCL needs it to read the child shards.
	 */
	MANUAL,

	/**
	 * At most once per configured interval, and always at shutdown, at the end of a shard
	 * and when a listener fails part way through a batch.
	 */
	PERIODIC

}
