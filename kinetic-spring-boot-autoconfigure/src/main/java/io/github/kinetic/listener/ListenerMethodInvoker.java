package io.github.kinetic.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Calls a listener method with a batch of records, converted to what the method declares:
 * the whole batch for a {@code List} parameter, one record at a time otherwise.
 */
final class ListenerMethodInvoker {

	static final String ACCEPTED_FORMS = "one parameter of type List<KinesisClientRecord>, List<String>, "
			+ "List<byte[]> or List<T> (a batch), or KinesisClientRecord, String, byte[] or T (one record), "
			+ "where T is read from JSON";

	private final KinesisListenerEndpoint endpoint;

	private final boolean batch;

	private final Type payloadType;

	private final PayloadConverter converter;

	private ListenerMethodInvoker(KinesisListenerEndpoint endpoint, boolean batch, Type payloadType,
			PayloadConverter converter) {
		this.endpoint = endpoint;
		this.batch = batch;
		this.payloadType = payloadType;
		this.converter = converter;
		ReflectionUtils.makeAccessible(endpoint.method());
	}

	/**
	 * Check the method's signature and create an invoker for it.
	 * @param endpoint the listener endpoint
	 * @param converter the payload converter
	 * @return the invoker
	 * @throws InvalidListenerMethodException if the signature cannot be served
	 */
	static ListenerMethodInvoker create(KinesisListenerEndpoint endpoint, PayloadConverter converter) {
		Method method = endpoint.method();
		if (method.getParameterCount() != 1) {
			throw invalid(endpoint, "has " + method.getParameterCount() + " parameters");
		}
		ResolvableType parameterType = ResolvableType.forMethodParameter(new MethodParameter(method, 0));
		boolean batch = List.class.equals(parameterType.toClass());
		ResolvableType payload = batch ? parameterType.getGeneric(0) : parameterType;
		if (batch && payload.resolve() == null) {
			throw invalid(endpoint, "takes a List without an element type");
		}
		if (!batch && Collection.class.isAssignableFrom(payload.toClass())) {
			throw invalid(endpoint, "takes a " + payload + "; a batch must be a List");
		}
		Type payloadType = payload.getType();
		if (!converter.canConvert(payloadType)) {
			throw invalid(endpoint, "takes " + payload + ", which the payload converter cannot produce"
					+ " (a JSON type needs Jackson on the classpath)");
		}
		return new ListenerMethodInvoker(endpoint, batch, payloadType, converter);
	}

	private static InvalidListenerMethodException invalid(KinesisListenerEndpoint endpoint, String problem) {
		return new InvalidListenerMethodException(endpoint.methodDescription(),
				problem + "; accepted forms are " + ACCEPTED_FORMS);
	}

	KinesisListenerEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Deliver the records from {@code from} to the end of the list.
	 * @param records the batch
	 * @param from the index of the first record to deliver
	 * @throws ListenerInvocationException if the listener or the conversion failed,
	 * carrying the index of the first record not processed
	 */
	void invoke(List<KinesisClientRecord> records, int from) throws ListenerInvocationException {
		if (this.batch) {
			invokeBatch(records, from);
		}
		else {
			for (int i = from; i < records.size(); i++) {
				try {
					call(this.converter.convert(records.get(i), this.payloadType));
				}
				catch (Throwable ex) {
					throw new ListenerInvocationException(i, ex);
				}
			}
		}
	}

	private void invokeBatch(List<KinesisClientRecord> records, int from) throws ListenerInvocationException {
		List<Object> payloads = new ArrayList<>(records.size() - from);
		for (int i = from; i < records.size(); i++) {
			try {
				payloads.add(this.converter.convert(records.get(i), this.payloadType));
			}
			catch (RuntimeException ex) {
				// nothing of the batch reached the listener
				throw new ListenerInvocationException(from, ex);
			}
		}
		try {
			call(payloads);
		}
		catch (Throwable ex) {
			throw new ListenerInvocationException(from, ex);
		}
	}

	private void call(Object argument) throws Throwable {
		try {
			this.endpoint.method().invoke(this.endpoint.bean(), argument);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
