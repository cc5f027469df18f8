package io.github.kinetic.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisRecordContext;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Registers, at build time, the reflection hints that {@link KinesisListener} methods
 * need at run time: the methods themselves, which the container invokes reflectively, and
 * the payload types of their parameters, which the JSON payload converter binds.
 * Registered in {@code META-INF/spring/aot.factories}.
 *
 * @author kinetic contributors
 */
class KinesisListenerBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Method> methods = new LinkedHashSet<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(beanName, false);
			if (type != null) {
				methods.addAll(listenerMethods(ClassUtils.getUserClass(type)));
			}
		}
		return methods.isEmpty() ? null : new Contribution(methods);
	}

	static Set<Method> listenerMethods(Class<?> type) {
		Map<Method, KinesisListener> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<KinesisListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, KinesisListener.class));
		return methods.keySet();
	}

	static void registerHints(ReflectionHints hints, Set<Method> methods) {
		BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
		for (Method method : methods) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			Class<?>[] parameterTypes = method.getParameterTypes();
			Type[] genericTypes = method.getGenericParameterTypes();
			for (int i = 0; i < parameterTypes.length; i++) {
				// the contexts are the starter's own interfaces, never read from JSON
				if (parameterTypes[i] != KinesisRecordContext.class && parameterTypes[i] != KinesisBatchContext.class) {
					bindings.registerReflectionHints(hints, genericTypes[i]);
				}
			}
		}
	}

	private record Contribution(Set<Method> methods) implements BeanFactoryInitializationAotContribution {

		@Override
		public void applyTo(GenerationContext generationContext, BeanFactoryInitializationCode code) {
			registerHints(generationContext.getRuntimeHints().reflection(), this.methods);
		}

	}

}
