package io.github.kinetic.annotation;

import java.lang.reflect.Method;
import java.util.List;

import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisRecordContext;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class KinesisListenerBeanFactoryInitializationAotProcessorTests {

	private final KinesisListenerBeanFactoryInitializationAotProcessor processor = new KinesisListenerBeanFactoryInitializationAotProcessor();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanFactoryInitializationAotProcessor.class))
			.anyMatch(KinesisListenerBeanFactoryInitializationAotProcessor.class::isInstance);
	}

	@Test
	void registersListenerMethodsAndTheirPayloadTypes() throws NoSuchMethodException {
		RuntimeHints hints = process(BatchListener.class, SingleListener.class);
		Method batch = BatchListener.class.getDeclaredMethod("onBatch", List.class, KinesisBatchContext.class);
		Method single = SingleListener.class.getDeclaredMethod("onRecord", Order.class, KinesisRecordContext.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(batch)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(single)).accepts(hints);
		// the element of a List<Reading> batch and a nested type of a payload are bound
		// too
		assertThat(RuntimeHintsPredicates.reflection().onType(Reading.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Reading.class.getMethod("probe")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(KinesisBatchContext.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(KinesisRecordContext.class)).rejects(hints);
	}

	@Test
	void contributesNothingWithoutListeners() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Reading.class));
		assertThat(this.processor.processAheadOfTime(beanFactory)).isNull();
	}

	private RuntimeHints process(Class<?>... beanClasses) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		for (Class<?> beanClass : beanClasses) {
			beanFactory.registerBeanDefinition(beanClass.getSimpleName(), new RootBeanDefinition(beanClass));
		}
		BeanFactoryInitializationAotContribution contribution = this.processor.processAheadOfTime(beanFactory);
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(getClass())), new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext, mock(BeanFactoryInitializationCode.class));
		return generationContext.getRuntimeHints();
	}

	record Reading(String probe, double temperature) {
	}

	record Line(String sku, int quantity) {
	}

	record Order(String id, List<Line> lines) {
	}

	static class BatchListener {

		@KinesisListener(streams = "readings")
		void onBatch(List<Reading> readings, KinesisBatchContext context) {
		}

	}

	static class SingleListener {

		@KinesisListener(streams = "orders")
		void onRecord(Order order, KinesisRecordContext context) {
		}

	}

}
