package io.github.kinetic.listener;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A listener method and the streams it consumes, as found on a bean.
 *
 * @param id the listener id
 * @param bean the bean that declares the method
 * @param method the listener method
 * @param streams the configured streams the listener takes; empty for all of them
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams) {

	public KinesisListenerEndpoint {
		streams = List.copyOf(streams);
	}

	/**
	 * Return a short description of the method, for messages.
	 * @return the declaring class and method name
	 */
	public String methodDescription() {
		return this.method.getDeclaringClass().getName() + "." + this.method.getName();
	}

}
