package io.github.kinetic.lease;

/**
 * Thrown at startup when the lease table exists but KCL cannot use it: its key is not
 * {@code leaseKey} (a string) alone, or it lacks the {@code LeaseOwnerToLeaseKeyIndex}
 * index and the DynamoDB endpoint did not add it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class LeaseTableSchemaException extends IllegalStateException {

	private final String leaseTable;

	private final boolean missingIndex;

	LeaseTableSchemaException(String leaseTable, String problem, boolean missingIndex, Throwable cause) {
		super("Lease table '" + leaseTable + "' cannot be used: " + problem, cause);
		this.leaseTable = leaseTable;
		this.missingIndex = missingIndex;
	}

	LeaseTableSchemaException(String leaseTable, String problem, boolean missingIndex) {
		super("Lease table '" + leaseTable + "' cannot be used: " + problem);
		this.leaseTable = leaseTable;
		this.missingIndex = missingIndex;
	}

	/**
	 * Return the name of the lease table.
	 * @return the lease table
	 */
	public String getLeaseTable() {
		return this.leaseTable;
	}

	/**
	 * Whether the problem is the missing {@code LeaseOwnerToLeaseKeyIndex} index, rather
	 * than the key of the table.
	 * @return whether the index is missing
	 */
	public boolean isMissingIndex() {
		return this.missingIndex;
	}

}
