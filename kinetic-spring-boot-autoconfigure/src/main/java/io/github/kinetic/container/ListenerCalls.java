package io.github.kinetic.container;

import java.util.List;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.Checkpointer;
import io.github.kinetic.listener.PayloadConversionException;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Calls a listener with a range of a batch: the {@link ListenerMethodInvoker} itself, or
 * a {@link BisectingCalls} around it.
 */
interface ListenerCalls {

	/**
	 * Deliver the records of the batch from {@code from} to {@code end}, exclusive.
	 * @param batch the batch
	 * @param from the index of the first record to deliver
	 * @param end the index after the last record to deliver
	 * @param progress told of each record, or run of records, the listener processed
	 * @throws ListenerCalls.ListenerInvocationException if the listener or a conversion
	 * failed
	 */
	void invoke(ShardBatch batch, int from, int end, ListenerCalls.Progress progress)
			throws ListenerCalls.ListenerInvocationException;

	/**
	 * A listener call that failed on the record at {@link #failedIndex()} of a batch:
	 * records before it were processed, that record was not.
	 */
	static final class ListenerInvocationException extends Exception {

		private final int failedIndex;

		private final boolean singleRecord;

		private ListenerInvocationException(int failedIndex, boolean singleRecord, Throwable cause) {
			super(cause.getMessage(), cause);
			this.failedIndex = failedIndex;
			this.singleRecord = singleRecord;
		}

		/**
		 * The listener failed on one known record; the records after it were not
		 * delivered.
		 */
		static ListenerCalls.ListenerInvocationException record(int index, Throwable cause) {
			return new ListenerCalls.ListenerInvocationException(index, true, cause);
		}

		/**
		 * A batch listener failed without saying on which record: the rest of the batch
		 * from {@code index} on failed as a whole.
		 */
		static ListenerCalls.ListenerInvocationException remainder(int index, Throwable cause) {
			return new ListenerCalls.ListenerInvocationException(index, false, cause);
		}

		/**
		 * The record's data could not be converted: retrying cannot help.
		 */
		static ListenerCalls.ListenerInvocationException conversion(int index, PayloadConversionException cause) {
			return new ListenerCalls.ListenerInvocationException(index, true, cause);
		}

		int failedIndex() {
			return this.failedIndex;
		}

		/**
		 * Whether the failure belongs to the record at {@link #failedIndex()} alone
		 * rather than to every record from there to the end of the batch.
		 */
		boolean isSingleRecord() {
			return this.singleRecord;
		}

		boolean isConversionFailure() {
			return getCause() instanceof PayloadConversionException;
		}

	}

	/**
	 * What a listener call reports while it delivers a batch, by index into the batch.
	 */
	interface Progress {

		/**
		 * The listener processed every record of the batch up to and including this one.
		 * @param index the index of the last processed record
		 */
		void processed(int index);

		/**
		 * The listener, in {@link CheckpointMode#MANUAL} mode, asked to checkpoint up to
		 * and including this record.
		 * @param index the index of the record
		 * @throws IllegalStateException if the checkpoint could not be written
		 */
		void checkpoint(int index);

		/**
		 * Return the checkpointer a listener in {@link CheckpointMode#MANUAL} mode
		 * reports through in one call.
		 * @param delivered the records of the call
		 * @param from the index in the batch of the first of them
		 * @return the checkpointer
		 */
		default Checkpointer checkpointer(List<KinesisClientRecord> delivered, int from) {
			return new CallCheckpointer(delivered, from, this);
		}

	}

	/**
	 * Return the checkpointer of a listener that checkpoints automatically: it refuses.
	 * @param listenerId the listener id
	 * @return the checkpointer
	 */
	static Checkpointer refusingCheckpointer(String listenerId) {
		return new RefusingCheckpointer(listenerId);
	}

	/**
	 * The checkpointer of one call of a listener in {@link CheckpointMode#MANUAL} mode.
	 */
	record CallCheckpointer(List<KinesisClientRecord> delivered, int from, Progress progress) implements Checkpointer {

		@Override
		public void checkpoint() {
			this.progress.checkpoint(this.from + this.delivered.size() - 1);
		}

		@Override
		public void checkpoint(KinesisClientRecord record) {
			for (int i = 0; i < this.delivered.size(); i++) {
				if (this.delivered.get(i) == record) {
					this.progress.checkpoint(this.from + i);
					return;
				}
			}
			throw new IllegalArgumentException(
					"Record " + record.sequenceNumber() + " was not delivered to this listener call");
		}

	}

	record RefusingCheckpointer(String listenerId) implements Checkpointer {

		@Override
		public void checkpoint() {
			throw refused();
		}

		@Override
		public void checkpoint(KinesisClientRecord record) {
			throw refused();
		}

		private IllegalStateException refused() {
			return new IllegalStateException("Listener " + this.listenerId
					+ " checkpoints automatically; set checkpointMode = \"MANUAL\" on its @KinesisListener"
					+ " (or kinetic.listener.checkpoint-mode=manual) to checkpoint through the context");
		}

	}

}
