package io.github.kinetic.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kinetic.container.KinesisListenerEndpoint;
import io.github.kinetic.container.KinesisListenerEndpointRegistry;
import io.github.kinetic.container.KinesisListenerEndpoint.FailureSettings;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisRecordRecoverer;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Finds {@link KinesisListener} methods on beans and registers each as an endpoint with
 * the {@link KinesisListenerEndpointRegistry}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	/** The bean name of the auto-configured registry. */
	public static final String REGISTRY_BEAN_NAME = "kinesisListenerEndpointRegistry";

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, KinesisListener> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<KinesisListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, KinesisListener.class));
		if (methods.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		KinesisListenerEndpointRegistry registry = registry();
		methods
			.forEach((method, annotation) -> registry.registerEndpoint(endpoint(bean, beanName, method, annotation)));
		return bean;
	}

	private KinesisListenerEndpoint endpoint(Object bean, String beanName, Method method, KinesisListener annotation) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		String resolvedId = resolve(annotation.id());
		String id = StringUtils.hasText(resolvedId) ? resolvedId : beanName + "." + method.getName();
		String description = method.getDeclaringClass().getName() + "." + method.getName();
		return new KinesisListenerEndpoint(id, bean, invocable,
				Arrays.stream(annotation.streams()).map(this::resolve).filter(StringUtils::hasText).toList(),
				checkpointMode(description, resolve(annotation.checkpointMode())),
				autoStartup(description, resolve(annotation.autoStartup())), failureSettings(description, annotation),
				filter(description, resolve(annotation.filter()).trim()),
				new ListenerAttributeValues(description).concurrency("concurrency", resolve(annotation.concurrency())),
				applicationName(description, resolve(annotation.applicationName())));
	}

	private FailureSettings failureSettings(String method, KinesisListener annotation) {
		ListenerAttributeValues values = new ListenerAttributeValues(method);
		String recovererName = resolve(annotation.recoverer()).trim();
		String deadLetterStream = resolve(annotation.deadLetterStream()).trim();
		if (!recovererName.isEmpty() && !deadLetterStream.isEmpty()) {
			throw new InvalidListenerMethodException(method, "sets both recoverer '" + recovererName
					+ "' and deadLetterStream '" + deadLetterStream + "'; set one of them");
		}
		return new FailureSettings(values.attempts("maxAttempts", resolve(annotation.maxAttempts())),
				values.duration("backOffInitialInterval", resolve(annotation.backOffInitialInterval())),
				values.multiplier("backOffMultiplier", resolve(annotation.backOffMultiplier())),
				values.duration("backOffMaxInterval", resolve(annotation.backOffMaxInterval())),
				recovererName.isEmpty() ? null : recoverer(method, recovererName),
				deadLetterStream.isEmpty() ? null : deadLetterStream,
				values.positiveDuration("maxRecordAge", resolve(annotation.maxRecordAge())),
				values.bool("bisectOnFailure", resolve(annotation.bisectOnFailure())));
	}

	private KinesisRecordRecoverer recoverer(String method, String name) {
		return bean(method, "recoverer", name, KinesisRecordRecoverer.class);
	}

	private @Nullable KinesisRecordFilter filter(String method, String name) {
		return name.isEmpty() ? null : bean(method, "filter", name, KinesisRecordFilter.class);
	}

	private <T> T bean(String method, String attribute, String name, Class<T> type) {
		Assert.state(this.beanFactory != null, "No bean factory");
		try {
			return this.beanFactory.getBean(name, type);
		}
		catch (BeansException ex) {
			throw new InvalidListenerMethodException(method, "names " + attribute + " '" + name + "', but there is no "
					+ type.getSimpleName() + " bean of that name");
		}
	}

	private static @Nullable CheckpointMode checkpointMode(String method, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		try {
			return CheckpointMode.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidListenerMethodException(method,
					"has checkpointMode '" + value + "'; use one of " + Arrays.toString(CheckpointMode.values()));
		}
	}

	private static @Nullable String applicationName(String method, String value) {
		if (value.isEmpty()) {
			return null;
		}
		if (!StringUtils.hasText(value) || !value.equals(value.trim())) {
			throw new InvalidListenerMethodException(method, "has applicationName '" + value
					+ "'; an application name names a DynamoDB table and has no leading or trailing blanks");
		}
		return value;
	}

	private static boolean autoStartup(String method, String value) {
		if (!StringUtils.hasText(value)) {
			return true;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default ->
				throw new InvalidListenerMethodException(method, "has autoStartup '" + value + "'; use true or false");
		};
	}

	private String resolve(String value) {
		String resolved = (this.beanFactory != null) ? this.beanFactory.resolveEmbeddedValue(value) : value;
		return (resolved != null) ? resolved : value;
	}

	private KinesisListenerEndpointRegistry registry() {
		Assert.state(this.beanFactory != null, "No bean factory");
		return this.beanFactory.getBean(KinesisListenerEndpointRegistry.class);
	}

}
