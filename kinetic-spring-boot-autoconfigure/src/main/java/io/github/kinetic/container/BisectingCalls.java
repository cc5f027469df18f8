package io.github.kinetic.container;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Calls a batch listener for {@link RetryingDelivery} with bisecting on: when the
 * listener fails on a range without naming the failing record, the range is split in
 * halves and each half delivered again at once, down to one record that fails alone. That
 * record is reported as the failed one, so only it uses up attempts and reaches the
 * recoverer; the next delivery starts with it alone. Records of a half that succeeded are
 * reported processed and not delivered again.
 * <p>
 * One instance serves one delivery of a batch: it remembers the record it found.
 */
final class BisectingCalls implements ListenerCalls {

	private static final Log logger = LogFactory.getLog(BisectingCalls.class);

	private final ListenerMethodInvoker invoker;

	private @Nullable KinesisClientRecord failing;

	BisectingCalls(ListenerMethodInvoker invoker) {
		this.invoker = invoker;
	}

	@Override
	public void invoke(ShardBatch batch, int from, int end, ListenerCalls.Progress progress)
			throws ListenerCalls.ListenerInvocationException {
		int start = from;
		if (end - start > 1 && batch.get(start) == this.failing) {
			// the record found failing is delivered alone until it succeeds or the
			// recoverer takes it; the records after it were not its fault
			alone(batch, start, progress);
			start++;
		}
		this.failing = null;
		bisect(batch, start, end, progress);
	}

	private void alone(ShardBatch batch, int index, ListenerCalls.Progress progress)
			throws ListenerCalls.ListenerInvocationException {
		try {
			this.invoker.invoke(batch, index, index + 1, progress);
		}
		catch (ListenerCalls.ListenerInvocationException ex) {
			throw ex.isSingleRecord() ? ex : ListenerCalls.ListenerInvocationException.record(index, causeOf(ex));
		}
	}

	private void bisect(ShardBatch batch, int from, int end, ListenerCalls.Progress progress)
			throws ListenerCalls.ListenerInvocationException {
		try {
			this.invoker.invoke(batch, from, end, progress);
		}
		catch (ListenerCalls.ListenerInvocationException ex) {
			if (ex.isSingleRecord()) {
				throw ex;
			}
			int start = ex.failedIndex();
			if (end - start <= 1) {
				this.failing = batch.get(start);
				throw ListenerCalls.ListenerInvocationException.record(start, causeOf(ex));
			}
			int middle = start + (end - start) / 2;
			logger.debug(LogMessage.format(
					"Listener %s failed on %d records of %s/%s from sequence number %s without naming one;"
							+ " delivering each half again",
					this.invoker.endpoint().id(), end - start, batch.streamName(), batch.shardId(),
					batch.get(start).sequenceNumber()));
			bisect(batch, start, middle, progress);
			bisect(batch, middle, end, progress);
		}
	}

	private static Throwable causeOf(ListenerCalls.ListenerInvocationException ex) {
		return (ex.getCause() != null) ? ex.getCause() : ex;
	}

}
