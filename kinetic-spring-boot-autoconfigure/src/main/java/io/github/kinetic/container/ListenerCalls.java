package io.github.kinetic.container;

import io.github.kinetic.listener.PayloadConversionException;

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

	}

}
