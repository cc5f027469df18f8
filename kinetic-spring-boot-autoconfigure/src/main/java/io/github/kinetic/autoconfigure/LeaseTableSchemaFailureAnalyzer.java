package io.github.kinetic.autoconfigure;

import io.github.kinetic.lease.LeaseTableSchemaException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a lease table KCL cannot use: another key, or no
 * {@code LeaseOwnerToLeaseKeyIndex} that the endpoint would add.
 */
class LeaseTableSchemaFailureAnalyzer extends AbstractFailureAnalyzer<LeaseTableSchemaException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LeaseTableSchemaException cause) {
		String table = cause.getLeaseTable();
		String action = cause.isMissingIndex()
				? "Delete the table '" + table + "' (kinetic then creates it with the index in one CreateTable call;"
						+ " the streams start over from their start-from position), or create it yourself with"
						+ " hash key leaseKey (S) and the global secondary index LeaseOwnerToLeaseKeyIndex (hash"
						+ " leaseOwner (S), range leaseKey (S), KEYS_ONLY), or use another kinetic.application-name."
				: "Set kinetic.application-name to a name no other table uses (it names the lease table), or delete"
						+ " the table '" + table + "' if it is a lease table created by hand with the wrong key.";
		return new FailureAnalysis(cause.getMessage() + ".", action, cause);
	}

}
