package io.github.kinetic.annotation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kinetic.listener.KinesisListenerEndpoint;
import io.github.kinetic.listener.KinesisListenerEndpointRegistry;
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
		return new KinesisListenerEndpoint(id, bean, invocable,
				Arrays.stream(annotation.streams()).map(this::resolve).filter(StringUtils::hasText).toList());
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
