package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.util.List;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.KinesisRecordFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A listener method and the streams it consumes, as found on a bean.
 *
 * @param id the listener id
 * @param bean the bean that declares the method
 * @param method the listener method
 * @param streams the configured streams the listener takes; empty for all of them
 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
 * configured default
 * @param autoStartup whether the listener's streams are consumed when the application
 * starts; if not, only once the listener is started through the
 * {@link KinesisListenerEndpointRegistry}
 * @param failureSettings the listener's own failure settings, over
 * {@code kinetic.listener.*}
 * @param filter the listener's record filter, or {@code null} for the application's
 * filter, if any
 * @param concurrency how many groups of partition keys of one shard the listener may
 * process at once, or {@code null} for {@code kinetic.listener.concurrency}
 * @param applicationName the application name (consumer group) the listener consumes as,
 * or {@code null} for {@code kinetic.application-name}
 * @author kinetic contributors
 * @since 0.1.0
 */
public record KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
		@Nullable CheckpointMode checkpointMode, boolean autoStartup, ListenerFailureSettings failureSettings,
		@Nullable KinesisRecordFilter filter, @Nullable Integer concurrency, @Nullable String applicationName) {

	public KinesisListenerEndpoint {
		streams = List.copyOf(streams);
		Assert.isTrue(concurrency == null || concurrency >= 1, "concurrency must be at least 1");
	}

	/**
	 * Create an endpoint with the configured concurrency, in the configured application.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
	 * configured default
	 * @param autoStartup whether the listener's streams are consumed when the application
	 * starts
	 * @param failureSettings the listener's own failure settings
	 * @param filter the listener's record filter, or {@code null}
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
			@Nullable CheckpointMode checkpointMode, boolean autoStartup, ListenerFailureSettings failureSettings,
			@Nullable KinesisRecordFilter filter) {
		this(id, bean, method, streams, checkpointMode, autoStartup, failureSettings, filter, null, null);
	}

	/**
	 * Create an endpoint with the configured failure settings.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 * @param checkpointMode the listener's checkpoint mode, or {@code null} for the
	 * configured default
	 * @param autoStartup whether the listener's streams are consumed when the application
	 * starts
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams,
			@Nullable CheckpointMode checkpointMode, boolean autoStartup) {
		this(id, bean, method, streams, checkpointMode, autoStartup, ListenerFailureSettings.NONE, null, null, null);
	}

	/**
	 * Create an endpoint with the default checkpoint mode that starts with the
	 * application.
	 * @param id the listener id
	 * @param bean the bean that declares the method
	 * @param method the listener method
	 * @param streams the configured streams the listener takes; empty for all of them
	 */
	public KinesisListenerEndpoint(String id, Object bean, Method method, List<String> streams) {
		this(id, bean, method, streams, null, true, ListenerFailureSettings.NONE, null, null, null);
	}

	/**
	 * Return the application name the listener consumes as.
	 * @param defaultName the configured application name
	 * @return the listener's own application name, or the configured one
	 */
	public String applicationNameOr(String defaultName) {
		return (this.applicationName != null) ? this.applicationName : defaultName;
	}

	/**
	 * Return a short description of the method, for messages.
	 * @return the declaring class and method name
	 */
	public String methodDescription() {
		return this.method.getDeclaringClass().getName() + "." + this.method.getName();
	}

}
