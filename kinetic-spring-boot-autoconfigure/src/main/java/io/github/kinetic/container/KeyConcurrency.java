package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.util.Assert;

/**
 * How many groups of partition keys of one shard a listener processes at once, and the
 * threads that do it: named {@code kinetic-<listener id>-<n>}, numbered across the
 * listener's shards.
 */
final class KeyConcurrency {

	private static final long IDLE_THREAD_SECONDS = 60;

	private final String listenerId;

	private final int limit;

	private final Duration shutdownTimeout;

	private final AtomicInteger threads = new AtomicInteger();

	KeyConcurrency(String listenerId, int limit, Duration shutdownTimeout) {
		Assert.isTrue(limit >= 1, "concurrency must be at least 1");
		this.listenerId = listenerId;
		this.limit = limit;
		this.shutdownTimeout = shutdownTimeout;
	}

	int limit() {
		return this.limit;
	}

	/**
	 * Whether records run on threads of their own rather than on KCL's thread of the
	 * shard.
	 */
	boolean isConcurrent() {
		return this.limit > 1;
	}

	/**
	 * How long a stopping container waits for the listener calls in flight.
	 */
	Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Create the executor of one shard: at most {@link #limit()} groups in flight, the
	 * others queued in the order of their first record. Idle threads end, so that a shard
	 * whose processor KCL drops without a last call holds none.
	 */
	ThreadPoolExecutor newExecutor() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(this.limit, this.limit, IDLE_THREAD_SECONDS,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), this::newThread);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private Thread newThread(Runnable task) {
		Thread thread = new Thread(task, "kinetic-" + this.listenerId + "-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * The records of one partition key in a batch, in shard order, and how many of them
	 * are processed or recovered. One thread delivers them; the shard's processor reads
	 * how far it got.
	 */
	static final class KeyGroup {

		private final int[] indices;

		private final ShardBatch records;

		private volatile int done;

		private KeyGroup(int[] indices, ShardBatch records) {
			this.indices = indices;
			this.records = records;
		}

		/**
		 * Split a batch by partition key.
		 * @param batch the batch
		 * @return one group per key, in the order of each key's first record
		 */
		static List<KeyGroup> of(ShardBatch batch) {
			Map<String, List<Integer>> byKey = new LinkedHashMap<>();
			for (int i = 0; i < batch.size(); i++) {
				byKey.computeIfAbsent(batch.get(i).partitionKey(), (key) -> new ArrayList<>()).add(i);
			}
			List<KeyGroup> groups = new ArrayList<>(byKey.size());
			for (List<Integer> positions : byKey.values()) {
				int[] indices = positions.stream().mapToInt(Integer::intValue).toArray();
				List<KinesisClientRecord> records = new ArrayList<>(indices.length);
				for (int index : indices) {
					records.add(batch.get(index));
				}
				groups.add(new KeyGroup(indices,
						new ShardBatch(batch.streamName(), batch.shardId(), records, batch.millisBehindLatest())));
			}
			return groups;
		}

		/**
		 * The group's records, as a batch of their own.
		 */
		ShardBatch records() {
			return this.records;
		}

		/**
		 * Every record of the group up to and including the one at this index of
		 * {@link #records()} is processed or recovered.
		 */
		void processed(int index) {
			this.done = index + 1;
		}

		/**
		 * The index, in the whole batch, of the group's first record not processed or
		 * recovered yet, or -1 if there is none.
		 */
		int firstUnfinished() {
			int count = this.done;
			return (count < this.indices.length) ? this.indices[count] : -1;
		}

	}

}
