package io.github.kinetic.lease;

import java.util.List;

/**
 * Thrown at startup when the lease table holds multi-stream leases whose stream
 * identifier KCL 3 cannot use (an account id that is not 12 digits, as kinetic for
 * Clojure wrote), since KCL 3's worker loop fails on every pass over such a lease.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class LegacyLeaseKeysException extends IllegalStateException {

	private final String leaseTable;

	private final List<String> leaseKeys;

	public LegacyLeaseKeysException(String leaseTable, List<String> leaseKeys) {
		super("Lease table '" + leaseTable + "' holds leases with stream identifiers KCL 3 cannot use: " + leaseKeys);
		this.leaseTable = leaseTable;
		this.leaseKeys = List.copyOf(leaseKeys);
	}

	public String getLeaseTable() {
		return this.leaseTable;
	}

	public List<String> getLeaseKeys() {
		return this.leaseKeys;
	}

}
