package io.github.kinetic.autoconfigure;

import io.github.kinetic.listener.InvalidListenerMethodException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code @KinesisListener} method the starter cannot serve.
 */
class KinesisListenerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidListenerMethodException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidListenerMethodException cause) {
		return new FailureAnalysis(
				"@KinesisListener method " + cause.getMethod() + " cannot be served: " + cause.getReason() + ".",
				"Change the method or the 'streams' of its @KinesisListener annotation, or the kinetic.streams configuration.",
				cause);
	}

}
