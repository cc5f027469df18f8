package io.github.kinetic.listener;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Calls several observers; a failing observer never breaks record processing.
 */
final class CompositeListenerObserver implements ListenerObserver {

	private static final Log logger = LogFactory.getLog(CompositeListenerObserver.class);

	private final List<ListenerObserver> observers;

	CompositeListenerObserver(List<? extends ListenerObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public void shardStarted(ListenerShard shard) {
		each((observer) -> observer.shardStarted(shard));
	}

	@Override
	public void batchReceived(ListenerShard shard, int records, @Nullable Long millisBehindLatest) {
		each((observer) -> observer.batchReceived(shard, records, millisBehindLatest));
	}

	@Override
	public void batchProcessed(ListenerShard shard, int records, long nanos) {
		each((observer) -> observer.batchProcessed(shard, records, nanos));
	}

	@Override
	public void listenerFailed(ListenerShard shard, int recordsProcessed, Throwable failure, long nanos) {
		each((observer) -> observer.listenerFailed(shard, recordsProcessed, failure, nanos));
	}

	@Override
	public void retrying(ListenerShard shard, int attempt, long backOffMillis) {
		each((observer) -> observer.retrying(shard, attempt, backOffMillis));
	}

	@Override
	public void recordBlocked(ListenerShard shard, String sequenceNumber, int attempts, Throwable failure) {
		each((observer) -> observer.recordBlocked(shard, sequenceNumber, attempts, failure));
	}

	@Override
	public void recordSkipped(ListenerShard shard, String sequenceNumber) {
		each((observer) -> observer.recordSkipped(shard, sequenceNumber));
	}

	@Override
	public void deadLettered(ListenerShard shard, int records, Throwable failure) {
		each((observer) -> observer.deadLettered(shard, records, failure));
	}

	@Override
	public void recordsFiltered(ListenerShard shard, int records) {
		each((observer) -> observer.recordsFiltered(shard, records));
	}

	@Override
	public void recordsExpired(ListenerShard shard, int records) {
		each((observer) -> observer.recordsExpired(shard, records));
	}

	@Override
	public void shardStopped(ListenerShard shard) {
		each((observer) -> observer.shardStopped(shard));
	}

	private void each(Consumer<ListenerObserver> callback) {
		for (ListenerObserver observer : this.observers) {
			try {
				callback.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("Listener observer " + observer.getClass().getName() + " failed", ex);
			}
		}
	}

}
