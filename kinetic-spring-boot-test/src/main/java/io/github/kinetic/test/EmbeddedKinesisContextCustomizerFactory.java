package io.github.kinetic.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Finds {@link EmbeddedKinesis @EmbeddedKinesis} on a test class, its enclosing classes
 * or its superclasses, for Spring's test context framework (registered in
 * {@code META-INF/spring.factories}).
 */
class EmbeddedKinesisContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedKinesis annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedKinesis.class);
		return (annotation != null) ? new EmbeddedKinesisContextCustomizer(annotation) : null;
	}

}
