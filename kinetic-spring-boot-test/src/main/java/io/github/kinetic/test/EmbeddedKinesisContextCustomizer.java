package io.github.kinetic.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the shared emulators, creates the streams of an
 * {@link EmbeddedKinesis @EmbeddedKinesis} and registers the emulators as a bean, which
 * kinetic's auto-configuration turns into its connection details. Equal for equal
 * annotations, so test classes with the same streams share a cached context.
 */
final class EmbeddedKinesisContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = "localAwsEmulators";

	private final List<String> streams;

	private final int shards;

	EmbeddedKinesisContextCustomizer(EmbeddedKinesis annotation) {
		this.streams = List.copyOf(Arrays.asList(annotation.streams()));
		this.shards = annotation.shards();
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		LocalAwsEmulators emulators = LocalAwsEmulators.shared();
		emulators.createStreams(this.shards, this.streams.toArray(String[]::new));
		// a registered singleton is not destroyed with the context: the emulators serve
		// the whole JVM
		context.getBeanFactory().registerSingleton(BEAN_NAME, emulators);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof EmbeddedKinesisContextCustomizer that) && this.shards == that.shards
				&& this.streams.equals(that.streams);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.streams, this.shards);
	}

}
