package io.github.kinetic.container;

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
	 * @throws ListenerInvocationException if the listener or a conversion failed
	 */
	void invoke(ShardBatch batch, int from, int end, ListenerMethodInvoker.Progress progress)
			throws ListenerInvocationException;

}
