package io.github.kinetic.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a wrong {@code kinetic.*} property by name instead of a stack trace.
 */
class InvalidKineticPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKineticPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidKineticPropertyException cause) {
		return new FailureAnalysis(
				"Invalid kinetic configuration: property '" + cause.getProperty() + "' " + cause.getReason() + ".",
				cause.getAction(), cause);
	}

}
