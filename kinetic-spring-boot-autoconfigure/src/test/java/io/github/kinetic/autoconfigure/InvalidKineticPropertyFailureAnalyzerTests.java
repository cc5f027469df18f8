package io.github.kinetic.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidKineticPropertyFailureAnalyzer}: each wrong {@code kinetic.*}
 * configuration fails startup with one message that names the property, both on the
 * exception and in the failure analysis a user reads.
 */
class InvalidKineticPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(KineticAwsClientsAutoConfiguration.class, KineticAutoConfiguration.class))
		.withPropertyValues("kinetic.region=us-east-1", "kinetic.endpoint=http://127.0.0.1:9",
				"kinetic.creds.access-key-id=AKIDEXAMPLE", "kinetic.creds.secret-access-key=s3cr3t");

	@Test
	void reportsMissingApplicationName() {
		this.contextRunner.withPropertyValues("kinetic.streams[0].name=orders")
			.run(failsNaming("kinetic.application-name", "is missing", "Set kinetic.application-name"));
	}

	@Test
	void reportsBlankApplicationName() {
		this.contextRunner.withPropertyValues("kinetic.application-name= ", "kinetic.streams[0].name=orders")
			.run(failsNaming("kinetic.application-name", "is missing", "Set kinetic.application-name"));
	}

	@Test
	void reportsMissingStreams() {
		this.contextRunner.withPropertyValues("kinetic.application-name=orders-app")
			.run(failsNaming("kinetic.streams", "has no stream", "kinetic.streams[0].name=my-stream"));
	}

	@Test
	void reportsBlankStreamName() {
		this.contextRunner.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name= ")
			.run(failsNaming("kinetic.streams[0].name", "is blank", "kinetic.streams"));
	}

	@Test
	void reportsStreamWithoutNameByItsIndex() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[1].start-from.position=trim-horizon")
			.run(failsNaming("kinetic.streams[1].name", "is blank", "kinetic.streams"));
	}

	@Test
	void reportsDuplicateStreamName() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[1].name=orders")
			.run(failsNaming("kinetic.streams[1].name", "repeats stream 'orders'", "Name each stream once"));
	}

	@Test
	void reportsAtTimestampWithoutTimestamp() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[1].name=payments", "kinetic.streams[1].start-from.position=at-timestamp")
			.run(failsNaming("kinetic.streams[1].start-from.timestamp", "is missing; position at-timestamp needs it",
					"Set kinetic.streams[1].start-from.timestamp"));
	}

	@Test
	void reportsTimestampWithTrimHorizonPosition() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[0].start-from.position=trim-horizon",
					"kinetic.streams[0].start-from.timestamp=2026-01-01T00:00:00Z")
			.run(failsNaming("kinetic.streams[0].start-from.timestamp",
					"is set but kinetic.streams[0].start-from.position is trim-horizon",
					"Set kinetic.streams[0].start-from.position to at-timestamp"));
	}

	@Test
	void reportsTimestampWithDefaultLatestPosition() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[0].start-from.timestamp=-P1D")
			.run(failsNaming("kinetic.streams[0].start-from.timestamp",
					"is set but kinetic.streams[0].start-from.position is latest",
					"Set kinetic.streams[0].start-from.position to at-timestamp"));
	}

	@Test
	void reportsUnparseableTimestamp() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[0].start-from.position=at-timestamp",
					"kinetic.streams[0].start-from.timestamp=yesterday")
			.run(failsNaming("kinetic.streams[0].start-from.timestamp",
					"has value 'yesterday', which is neither an ISO-8601 instant nor a negative ISO-8601 duration",
					"'-P1D'"));
	}

	@Test
	void reportsPositiveDurationAsUnparseableTimestamp() {
		this.contextRunner.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
				"kinetic.streams[0].start-from.position=at-timestamp", "kinetic.streams[0].start-from.timestamp=P1D")
			.run(failsNaming("kinetic.streams[0].start-from.timestamp",
					"has value 'P1D', which is neither an ISO-8601 instant nor a negative ISO-8601 duration",
					"'-P1D'"));
	}

	@Test
	void reportsSingleStreamModeWithTwoStreams() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.multi-stream=false",
					"kinetic.streams[0].name=orders", "kinetic.streams[1].name=payments")
			.run(failsNaming("kinetic.multi-stream", "is false but 2 streams are configured",
					"Remove kinetic.multi-stream"));
	}

	@Test
	void leavesUnknownPositionToSpringBootsBindFailureAnalyzer() {
		this.contextRunner
			.withPropertyValues("kinetic.application-name=orders-app", "kinetic.streams[0].name=orders",
					"kinetic.streams[0].start-from.position=sideways")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				BindException bindException = causeOfType(failure, BindException.class);
				assertThat(bindException.getName()).hasToString("kinetic.streams[0].start-from.position");
				assertThat(bindException).hasMessageContaining("kinetic.streams[0].start-from.position");
				assertThat(new InvalidKineticPropertyFailureAnalyzer().analyze(failure)).isNull();
				FailureAnalysis analysis = bindFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("kinetic.streams[0].start-from.position")
					.contains("sideways");
				assertThat(analysis.getAction()).contains("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP");
			});
	}

	@Test
	void isRegisteredAsFailureAnalyzer() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
					SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
						// analyzers that need constructor arguments are not under test
					}));
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidKineticPropertyFailureAnalyzer.class);
	}

	private static ContextConsumer<AssertableApplicationContext> failsNaming(String property, String reason,
			String actionFragment) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause()
				.isInstanceOf(InvalidKineticPropertyException.class)
				.hasMessage("Property '" + property + "' " + reason);
			InvalidKineticPropertyException exception = causeOfType(failure, InvalidKineticPropertyException.class);
			assertThat(exception.getProperty()).isEqualTo(property);
			FailureAnalysis analysis = new InvalidKineticPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid kinetic configuration: property '" + property + "' " + reason + ".");
			assertThat(analysis.getAction()).contains(actionFragment);
			assertThat(analysis.getCause()).isSameAs(exception);
		};
	}

	private static <E extends Throwable> E causeOfType(Throwable failure, Class<E> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getName() + " in the causes of " + failure);
	}

	private static FailureAnalyzer bindFailureAnalyzer() throws ClassNotFoundException {
		// package-private in Spring Boot; the one Spring Boot applies to binding failures
		Class<?> type = ClassUtils.forName("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer",
				InvalidKineticPropertyFailureAnalyzerTests.class.getClassLoader());
		return (FailureAnalyzer) BeanUtils.instantiateClass(type);
	}

}
