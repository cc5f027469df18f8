package io.github.kinetic.lifecycle;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Which listeners, and which shards of a listener, are paused. Shared by the listener
 * handles, which pause and resume, and the shard processors, which wait while paused.
 *
 *
 */
final class ListenerPauses {

	// short enough that a paused shard notices a stop or a lost lease quickly
	private static final long CHECK_MILLIS = 200;

	private final Set<String> pausedListeners = ConcurrentHashMap.newKeySet();

	private final Set<ShardKey> pausedShards = ConcurrentHashMap.newKeySet();

	private final Object monitor = new Object();

	/**
	 * Pause a listener.
	 * @param listenerId the listener id
	 * @return whether it was running before
	 */
	boolean pause(String listenerId) {
		return this.pausedListeners.add(listenerId);
	}

	/**
	 * Resume a listener; its paused shards stay paused.
	 * @param listenerId the listener id
	 * @return whether it was paused before
	 */
	boolean resume(String listenerId) {
		boolean resumed = this.pausedListeners.remove(listenerId);
		wake();
		return resumed;
	}

	/**
	 * Pause one shard of a listener.
	 * @param listenerId the listener id
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 * @return whether the shard was not paused before
	 */
	boolean pause(String listenerId, String stream, String shardId) {
		return this.pausedShards.add(new ShardKey(listenerId, stream, shardId));
	}

	/**
	 * Resume one shard of a listener.
	 * @param listenerId the listener id
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 * @return whether the shard was paused before
	 */
	boolean resume(String listenerId, String stream, String shardId) {
		boolean resumed = this.pausedShards.remove(new ShardKey(listenerId, stream, shardId));
		wake();
		return resumed;
	}

	/**
	 * Whether the listener as a whole is paused.
	 * @param listenerId the listener id
	 * @return whether it is paused
	 */
	boolean isPaused(String listenerId) {
		return this.pausedListeners.contains(listenerId);
	}

	/**
	 * Whether the shard gets no records: it, or its whole listener, is paused.
	 * @param listenerId the listener id
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 * @return whether it is paused
	 */
	boolean isPaused(String listenerId, String stream, String shardId) {
		return isPaused(listenerId) || this.pausedShards.contains(new ShardKey(listenerId, stream, shardId));
	}

	/**
	 * Wait while the shard is paused.
	 * @param listenerId the listener id
	 * @param stream the stream of the shard
	 * @param shardId the shard id
	 * @param abandon checked while waiting: when it is true, the wait ends
	 * @return {@code true} if the shard may be delivered to, {@code false} if waiting was
	 * abandoned
	 */
	boolean awaitDelivery(String listenerId, String stream, String shardId, BooleanSupplier abandon) {
		synchronized (this.monitor) {
			while (isPaused(listenerId, stream, shardId)) {
				if (abandon.getAsBoolean()) {
					return false;
				}
				try {
					this.monitor.wait(CHECK_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Wake waiting shards so that they check again whether to go on, such as when their
	 * container stops.
	 */
	void wake() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	private record ShardKey(String listenerId, String stream, String shardId) {

	}

}
