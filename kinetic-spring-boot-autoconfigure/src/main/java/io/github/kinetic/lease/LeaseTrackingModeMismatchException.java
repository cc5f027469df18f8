package io.github.kinetic.lease;

/**
 * Thrown at startup when the lease table holds leases of the other tracking mode:
 * single-stream and multi-stream leases cannot share a table.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class LeaseTrackingModeMismatchException extends IllegalStateException {

	private final String leaseTable;

	private final boolean configuredMultiStream;

	public LeaseTrackingModeMismatchException(String leaseTable, boolean configuredMultiStream) {
		super("Lease table '" + leaseTable + "' holds " + mode(!configuredMultiStream)
				+ " leases, but the configuration asks for " + mode(configuredMultiStream) + " mode");
		this.leaseTable = leaseTable;
		this.configuredMultiStream = configuredMultiStream;
	}

	private static String mode(boolean multiStream) {
		return multiStream ? "multi-stream" : "single-stream";
	}

	/**
	 * Return the name of the lease table.
	 * @return the lease table
	 */
	public String getLeaseTable() {
		return this.leaseTable;
	}

	/**
	 * Whether the configuration asks for multi-stream mode.
	 * @return whether multi-stream mode is configured
	 */
	public boolean isConfiguredMultiStream() {
		return this.configuredMultiStream;
	}

}
