package io.github.kinetic.container;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.kinetic.listener.BatchListenerFailedException;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.Checkpointer;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisListenerMdc;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.PayloadConversionException;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.observation.ListenerCall;
import io.github.kinetic.observation.ListenerCallScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

import org.springframework.core.log.LogMessage;

/**
 * Calls a listener method with the records of a batch, converted to what the method
 * declares: the whole batch for a {@code List} parameter, one record at a time otherwise,
 * with the context parameter when the method has one.
 * <p>
 * Reports progress as it goes, so that what the listener processed before a failure can
 * be checkpointed, and sets the {@link KinesisListenerMdc} sequence number keys around
 * each call.
 */
final class ListenerMethodInvoker implements ListenerCalls {

	private static final Log logger = LogFactory.getLog(ListenerMethodInvoker.class);

	private final KinesisListenerEndpoint endpoint;

	private final ListenerMethodSignature signature;

	private final PayloadConverter converter;

	/**
	 * The listener method bound to its bean, taking {@code (Object)} or
	 * {@code (Object, Object)} in the method's parameter order and returning nothing.
	 */
	private final MethodHandle method;

	private final boolean manualCheckpoints;

	private final boolean recordsAsTheyCome;

	private String applicationName = "";

	private ListenerCallScope callScope = ListenerCallScope.NONE;

	private ListenerMethodInvoker(KinesisListenerEndpoint endpoint, ListenerMethodSignature signature,
			PayloadConverter converter, boolean manualCheckpoints) {
		this.endpoint = endpoint;
		this.signature = signature;
		this.converter = converter;
		this.manualCheckpoints = manualCheckpoints;
		// the default converter hands a KinesisClientRecord over as it is: no need to ask
		// it record by record
		this.recordsAsTheyCome = signature.payloadType() == KinesisClientRecord.class
				&& converter instanceof DefaultPayloadConverter;
		this.method = signature.methodHandle(endpoint);
	}

	/**
	 * Check the method's signature and create an invoker for it.
	 * @param endpoint the listener endpoint
	 * @param converter the payload converter
	 * @param checkpointMode the listener's checkpoint mode
	 * @return the invoker
	 * @throws InvalidListenerMethodException if the signature cannot be served
	 */
	static ListenerMethodInvoker create(KinesisListenerEndpoint endpoint, PayloadConverter converter,
			CheckpointMode checkpointMode) {
		ListenerMethodSignature signature = ListenerMethodSignature.of(endpoint, converter, checkpointMode);
		return new ListenerMethodInvoker(endpoint, signature, converter, checkpointMode == CheckpointMode.MANUAL);
	}

	/**
	 * Run each call of the listener in the given scope, such as an observation.
	 * @param applicationName the application name the listener consumes as
	 * @param scope the scope
	 * @return this invoker
	 */
	ListenerMethodInvoker callingIn(String applicationName, ListenerCallScope scope) {
		this.applicationName = applicationName;
		this.callScope = scope;
		return this;
	}

	KinesisListenerEndpoint endpoint() {
		return this.endpoint;
	}

	boolean isBatch() {
		return this.signature.batch();
	}

	/**
	 * Deliver the records of the batch from {@code from} to {@code end}, exclusive.
	 * @param batch the batch
	 * @param from the index of the first record to deliver
	 * @param end the index after the last record to deliver
	 * @param progress told of each record, or run of records, the listener processed
	 * @throws ListenerCalls.ListenerInvocationException if the listener or a conversion
	 * failed
	 */
	@Override
	public void invoke(ShardBatch batch, int from, int end, Progress progress)
			throws ListenerCalls.ListenerInvocationException {
		try {
			if (this.signature.batch()) {
				invokeBatch(batch, from, end, progress);
				return;
			}
			for (int i = from; i < end; i++) {
				KinesisClientRecord record = batch.get(i);
				Object payload = convert(record, i);
				try {
					call(payload, this.signature.hasContext() ? recordContext(batch, record, i, progress) : null, batch,
							record, record, 1);
				}
				catch (Throwable ex) {
					throw ListenerCalls.ListenerInvocationException.record(i, ex);
				}
				progress.processed(i);
			}
		}
		finally {
			// set before each call, removed once per range: between two calls of a
			// single-record listener they name the record just processed
			MDC.remove(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER);
			MDC.remove(KinesisListenerMdc.LAST_SEQUENCE_NUMBER);
		}
	}

	private KinesisRecordContext recordContext(ShardBatch batch, KinesisClientRecord record, int index,
			Progress progress) {
		return new RecordContext(batch.streamName(), batch.shardId(), record, batch.millisBehindLatest(),
				checkpointer(List.of(record), index, progress));
	}

	private void invokeBatch(ShardBatch batch, int from, int until, Progress progress)
			throws ListenerCalls.ListenerInvocationException {
		List<Object> payloads;
		ListenerCalls.ListenerInvocationException conversionFailure = null;
		if (this.recordsAsTheyCome) {
			// the records as KCL handed them, read-only like every list a listener gets:
			// no copy
			payloads = Collections.unmodifiableList(range(batch, from, until));
		}
		else {
			List<Object> converted = new ArrayList<>(until - from);
			for (int i = from; i < until && conversionFailure == null; i++) {
				try {
					converted.add(convert(batch.get(i), i));
				}
				catch (ListenerCalls.ListenerInvocationException ex) {
					conversionFailure = ex;
				}
			}
			payloads = Collections.unmodifiableList(converted);
		}
		// records before a record that cannot be converted are delivered first, so the
		// shard's order holds when that record goes to the recoverer
		int end = from + payloads.size();
		if (end > from) {
			List<KinesisClientRecord> records = range(batch, from, end);
			try {
				KinesisBatchContext context = this.signature.hasContext() ? new BatchContext(batch.streamName(),
						batch.shardId(), records, batch.millisBehindLatest(), checkpointer(records, from, progress))
						: null;
				call(payloads, context, batch, records.get(0), records.get(records.size() - 1), records.size());
			}
			catch (BatchListenerFailedException ex) {
				throw failedAt(ex, records, from, progress);
			}
			catch (Throwable ex) {
				throw ListenerCalls.ListenerInvocationException.remainder(from, ex);
			}
			progress.processed(end - 1);
		}
		if (conversionFailure != null) {
			throw conversionFailure;
		}
	}

	/**
	 * The records from {@code from} to {@code end}, exclusive, as a list nobody can
	 * change: the batch's own when that is all of it, else a view of part of it (the
	 * batch never changes).
	 */
	private static List<KinesisClientRecord> range(ShardBatch batch, int from, int end) {
		return (from == 0 && end == batch.size()) ? batch.records() : batch.records().subList(from, end);
	}

	private ListenerCalls.ListenerInvocationException failedAt(BatchListenerFailedException ex,
			List<KinesisClientRecord> records, int from, Progress progress) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		int index = ex.getIndex();
		if (index < 0 || index >= records.size()) {
			logger.warn(LogMessage.format(
					"Listener %s reported a failure at index %d of a list of %d records; the whole list failed",
					this.endpoint.id(), index, records.size()));
			return ListenerCalls.ListenerInvocationException.remainder(from, cause);
		}
		if (index > 0) {
			progress.processed(from + index - 1);
		}
		return ListenerCalls.ListenerInvocationException.record(from + index, cause);
	}

	private Object convert(KinesisClientRecord record, int index) throws ListenerCalls.ListenerInvocationException {
		try {
			return this.converter.convert(record, this.signature.payloadType());
		}
		catch (PayloadConversionException ex) {
			throw ListenerCalls.ListenerInvocationException.conversion(index, ex);
		}
		catch (RuntimeException ex) {
			throw ListenerCalls.ListenerInvocationException.conversion(index,
					new PayloadConversionException("Cannot convert record " + record.sequenceNumber() + " to "
							+ this.signature.payloadType().getTypeName() + ": " + ex.getMessage(), ex));
		}
	}

	private Checkpointer checkpointer(List<KinesisClientRecord> delivered, int from, Progress progress) {
		return this.manualCheckpoints ? progress.checkpointer(delivered, from)
				: ListenerCalls.refusingCheckpointer(this.endpoint.id());
	}

	private void call(Object payload, @Nullable Object context, ShardBatch batch, KinesisClientRecord first,
			KinesisClientRecord last, int size) throws Throwable {
		MDC.put(KinesisListenerMdc.FIRST_SEQUENCE_NUMBER, first.sequenceNumber());
		MDC.put(KinesisListenerMdc.LAST_SEQUENCE_NUMBER, last.sequenceNumber());
		if (this.callScope == ListenerCallScope.NONE) {
			invokeMethod(payload, context);
		}
		else {
			ListenerCall call = new ListenerCall(this.endpoint.id(), this.applicationName, batch.streamName(),
					batch.shardId(), first.sequenceNumber(), size);
			this.callScope.run(call, () -> invokeMethod(payload, context));
		}
	}

	private void invokeMethod(Object payload, @Nullable Object context) throws Throwable {
		if (!this.signature.hasContext()) {
			this.method.invokeExact(payload);
		}
		else if (this.signature.contextIndex() == 0) {
			this.method.invokeExact(context, payload);
		}
		else {
			this.method.invokeExact(payload, context);
		}
	}

	private record RecordContext(String streamName, String shardId, KinesisClientRecord record,
			@Nullable Long millisBehindLatest, Checkpointer checkpointer) implements KinesisRecordContext {

	}

	private record BatchContext(String streamName, String shardId, List<KinesisClientRecord> records,
			@Nullable Long millisBehindLatest, Checkpointer checkpointer) implements KinesisBatchContext {

	}

}
