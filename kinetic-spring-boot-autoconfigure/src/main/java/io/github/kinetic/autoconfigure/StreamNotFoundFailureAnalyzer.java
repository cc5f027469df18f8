package io.github.kinetic.autoconfigure;

import io.github.kinetic.lease.StreamNotFoundException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a configured stream that does not exist.
 */
class StreamNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<StreamNotFoundException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StreamNotFoundException cause) {
		return new FailureAnalysis(
				"Kinesis stream '" + cause.getStreamName() + "' named in kinetic.streams does not exist "
						+ "(or is not visible with the configured region, endpoint and credentials).",
				"Create the stream, or correct its name in kinetic.streams, kinetic.region or the endpoint.", cause);
	}

}
