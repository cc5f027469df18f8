package io.github.kinetic.listener;

import java.util.List;

/**
 * Runtime control of one {@code @KinesisListener}, looked up by listener id with
 * {@code KinesisListenerEndpointRegistry.getListener(String)}.
 * <p>
 * Each application name (consumer group, see {@code @KinesisListener(applicationName)})
 * has its own KCL scheduler and lease table; stopping or starting a listener touches only
 * its group's scheduler. The listeners of one group share it (a lease table cannot be
 * split between schedulers without them taking each other's shards), so stopping or
 * starting a listener restarts that scheduler with the streams of the group's listeners
 * that are to run: the scheduler shuts down gracefully (every listener finishes or
 * abandons its batch, processed records are checkpointed) and releases this worker's
 * leases; then, if any listener of the group is still to run, a new scheduler starts for
 * the remaining streams. The group's other listeners pause for that time; other groups do
 * not notice. Both methods block until the restart is done.
 * <p>
 * When the stopped listener was the only one running in its group, nothing of the group
 * is consumed any more and every lease is released, so other workers take the shards at
 * once. When other listeners of the group go on (multi-stream mode), KCL 3's lease
 * assignment, which deals out every lease of the table, may hand this worker the stopped
 * listener's shards again: they are then held idle, with no record delivered and nothing
 * checkpointed, so the listener resumes from its last checkpoint when it starts again,
 * but other workers do not get those shards while this one holds them.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface KinesisListenerHandle {

	/**
	 * Return the listener id.
	 * @return the id
	 */
	String getId();

	/**
	 * Return the application name (consumer group) this listener consumes as, which names
	 * its lease table.
	 * @return the application name
	 */
	String getApplicationName();

	/**
	 * Return the streams this listener consumes.
	 * @return the stream names
	 */
	List<String> getStreams();

	/**
	 * Whether the listener starts with the application.
	 * @return whether it starts automatically
	 */
	boolean isAutoStartup();

	/**
	 * Whether the listener's streams are being consumed now.
	 * @return whether it runs
	 */
	boolean isRunning();

	/**
	 * Start consuming the listener's streams, restarting its group's scheduler with them;
	 * does nothing if the listener runs already. Before the application has started, only
	 * marks the listener to start with it.
	 */
	void start();

	/**
	 * Stop consuming the listener's streams and release their leases, restarting its
	 * group's scheduler without them; does nothing if the listener is stopped.
	 */
	void stop();

	/**
	 * Pause the listener: nothing more is delivered to it and no checkpoint of its shards
	 * moves, while this worker keeps renewing their leases, so that no other worker takes
	 * them. A batch being delivered finishes first. Does nothing if it is paused already.
	 */
	void pause();

	/**
	 * Resume the listener: each shard goes on with the next record it has not delivered.
	 * Shards paused one by one stay paused.
	 */
	void resume();

	/**
	 * Whether the listener is paused as a whole.
	 * @return whether it is paused
	 */
	boolean isPaused();

	/**
	 * Pause one shard of the listener, as {@link #pause()} does for all of them.
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 */
	void pause(String stream, String shardId);

	/**
	 * Resume one shard paused with {@link #pause(String, String)}.
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 */
	void resume(String stream, String shardId);

	/**
	 * Whether a shard of the listener gets no records because it, or the whole listener,
	 * is paused.
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 * @return whether the shard is paused
	 */
	boolean isPaused(String stream, String shardId);

}
