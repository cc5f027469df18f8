package io.github.kinetic.autoconfigure;

import io.github.kinetic.lease.LeaseTrackingModeMismatchException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a lease table that holds leases of the other tracking mode.
 */
class LeaseTrackingModeMismatchFailureAnalyzer extends AbstractFailureAnalyzer<LeaseTrackingModeMismatchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LeaseTrackingModeMismatchException cause) {
		String configured = cause.isConfiguredMultiStream() ? "multi-stream" : "single-stream";
		String held = cause.isConfiguredMultiStream() ? "single-stream" : "multi-stream";
		return new FailureAnalysis(
				"The lease table '" + cause.getLeaseTable() + "' holds " + held
						+ " leases, but kinetic is configured for " + configured
						+ " mode (one stream means single-stream unless kinetic.multi-stream=true; two or more mean"
						+ " multi-stream). KCL cannot read leases of both kinds from one table.",
				"Use another kinetic.application-name (a new consumer group and lease table), or delete the "
						+ "existing leases (KinesisLeases.deleteAll() with the consumer stopped) to start the streams "
						+ "over from their start-from position, or set kinetic.multi-stream to match the table.",
				cause);
	}

}
