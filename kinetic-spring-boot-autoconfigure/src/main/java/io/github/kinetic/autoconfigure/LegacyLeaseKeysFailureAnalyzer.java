package io.github.kinetic.autoconfigure;

import io.github.kinetic.lease.LegacyLeaseKeysException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports multi-stream leases whose stream identifier KCL 3 cannot use.
 */
class LegacyLeaseKeysFailureAnalyzer extends AbstractFailureAnalyzer<LegacyLeaseKeysException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LegacyLeaseKeysException cause) {
		return new FailureAnalysis(
				"The lease table '" + cause.getLeaseTable() + "' holds multi-stream leases " + cause.getLeaseKeys()
						+ " whose stream identifier does not start with a 12-digit account id. "
						+ "KCL 3 fails on every pass over such a lease, so no stream would be consumed.",
				"For the streams you consume, set kinetic.lease.adopt-legacy-keys=true to move their checkpoints to "
						+ "the streams' real identifiers; delete the other leases (KinesisLeases, with the consumer "
						+ "stopped), or use another kinetic.application-name.",
				cause);
	}

}
