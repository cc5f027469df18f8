package io.github.kinetic.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.PayloadConverter;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * What a listener method declares: a batch or single-record payload, its element type,
 * and where the optional context parameter is. Refuses signatures the starter cannot
 * serve, naming the accepted forms.
 *
 * @param batch whether the payload is a {@code List} (one call per batch)
 * @param payloadType the type of each record's payload
 * @param payloadIndex the position of the payload parameter
 * @param contextIndex the position of the context parameter, or {@code -1}
 */
record ListenerMethodSignature(boolean batch, Type payloadType, int payloadIndex, int contextIndex) {

	static final String ACCEPTED_FORMS = "a payload parameter of type List<KinesisClientRecord>, List<String>, "
			+ "List<byte[]> or List<T> (a batch), or KinesisClientRecord, String, byte[] or T (one record at a time), "
			+ "where T is read from JSON; optionally followed or preceded by a KinesisBatchContext (batch) or "
			+ "KinesisRecordContext (one record) parameter";

	boolean hasContext() {
		return this.contextIndex >= 0;
	}

	int parameterCount() {
		return hasContext() ? 2 : 1;
	}

	static ListenerMethodSignature of(KinesisListenerEndpoint endpoint, PayloadConverter converter,
			CheckpointMode checkpointMode) {
		Method method = endpoint.method();
		int count = method.getParameterCount();
		if (count < 1 || count > 2) {
			throw invalid(endpoint, "has " + count + " parameters");
		}
		int contextIndex = -1;
		for (int i = 0; i < count; i++) {
			if (isContext(method.getParameterTypes()[i])) {
				if (contextIndex >= 0) {
					throw invalid(endpoint, "has two context parameters");
				}
				contextIndex = i;
			}
		}
		if (count == 2 && contextIndex < 0) {
			throw invalid(endpoint, "has 2 parameters and neither is a KinesisBatchContext or KinesisRecordContext");
		}
		if (count == 1 && contextIndex == 0) {
			throw invalid(endpoint, "has a context parameter but no payload parameter");
		}
		int payloadIndex = (contextIndex == 0) ? 1 : 0;
		// resolved against the bean's class, so that a method declared on a generic
		// superclass gets the element type its subclass binds
		MethodParameter parameter = new MethodParameter(method, payloadIndex)
			.withContainingClass(ClassUtils.getUserClass(endpoint.bean()));
		ResolvableType parameterType = ResolvableType.forMethodParameter(parameter);
		boolean batch = List.class.equals(parameterType.toClass());
		ResolvableType payload = batch ? parameterType.getGeneric(0) : parameterType;
		if (batch && payload.resolve() == null) {
			throw invalid(endpoint, "takes a List without an element type");
		}
		if (!batch && Collection.class.isAssignableFrom(payload.toClass())) {
			throw invalid(endpoint, "takes a " + payload + "; a batch must be a List");
		}
		Type payloadType = resolvedType(payload);
		if (!converter.canConvert(payloadType)) {
			throw invalid(endpoint, "takes " + payload + ", which the payload converter cannot produce"
					+ " (a JSON type needs Jackson on the classpath)");
		}
		if (contextIndex >= 0) {
			Class<?> expected = batch ? KinesisBatchContext.class : KinesisRecordContext.class;
			if (method.getParameterTypes()[contextIndex] != expected) {
				throw invalid(endpoint,
						(batch ? "is a batch listener" : "is a single-record listener") + " but takes a "
								+ method.getParameterTypes()[contextIndex].getSimpleName() + "; use a "
								+ expected.getSimpleName());
			}
		}
		if (checkpointMode == CheckpointMode.MANUAL && contextIndex < 0) {
			throw invalid(endpoint, "uses checkpoint mode MANUAL but has no "
					+ (batch ? "KinesisBatchContext" : "KinesisRecordContext") + " parameter to checkpoint with");
		}
		return new ListenerMethodSignature(batch, payloadType, payloadIndex, contextIndex);
	}

	/**
	 * Return the type with every type variable replaced by what the bean's class binds it
	 * to, for converters that read {@code java.lang.reflect.Type}.
	 */
	private static Type resolvedType(ResolvableType type) {
		Class<?> raw = type.resolve(Object.class);
		if (!type.hasGenerics()) {
			return raw;
		}
		ResolvableType[] generics = Arrays.stream(type.getGenerics())
			.map((generic) -> ResolvableType.forType(resolvedType(generic)))
			.toArray(ResolvableType[]::new);
		return ResolvableType.forClassWithGenerics(raw, generics).getType();
	}

	private static boolean isContext(Class<?> type) {
		return type == KinesisBatchContext.class || type == KinesisRecordContext.class;
	}

	private static InvalidListenerMethodException invalid(KinesisListenerEndpoint endpoint, String problem) {
		return new InvalidListenerMethodException(endpoint.methodDescription(),
				problem + "; accepted forms are " + ACCEPTED_FORMS);
	}

	/**
	 * Return the listener method bound to its bean (unless static), taking
	 * {@code (Object)} or {@code (Object, Object)} in the method's parameter order and
	 * returning nothing. A method handle rather than {@code Method.invoke}: no argument
	 * array per call, and the listener's exceptions come through as they were thrown,
	 * without an {@code InvocationTargetException} around them.
	 */
	MethodHandle methodHandle(KinesisListenerEndpoint endpoint) {
		Method method = endpoint.method();
		ReflectionUtils.makeAccessible(method);
		try {
			MethodHandle handle = MethodHandles.lookup().unreflect(method);
			if (!Modifier.isStatic(method.getModifiers())) {
				handle = handle.bindTo(endpoint.bean());
			}
			return handle.asType((parameterCount() == 2) ? MethodType.methodType(void.class, Object.class, Object.class)
					: MethodType.methodType(void.class, Object.class));
		}
		catch (IllegalAccessException | ClassCastException ex) {
			throw new IllegalStateException("Cannot call listener method " + endpoint.methodDescription() + " on "
					+ endpoint.bean().getClass().getName() + ": " + ex.getMessage(), ex);
		}
	}

}
