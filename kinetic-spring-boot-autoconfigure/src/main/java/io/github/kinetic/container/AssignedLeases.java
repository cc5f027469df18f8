package io.github.kinetic.container;

import io.github.kinetic.lease.StreamIdentifiers;
import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.MultiStreamLease;

/**
 * Reads the stream and shard of the KCL {@link Lease} objects a worker's lease
 * coordinator holds. Leases read from the lease table are
 * {@link io.github.kinetic.lease.KinesisLease} records, which carry both already.
 */
final class AssignedLeases {

	private AssignedLeases() {
	}

	/**
	 * Return the name of the stream a lease belongs to.
	 * @param lease the lease
	 * @param singleStream the stream of a single-stream application, whose leases do not
	 * name it
	 * @return the stream name
	 */
	static String streamName(Lease lease, @Nullable String singleStream) {
		if (lease instanceof MultiStreamLease multiStreamLease && multiStreamLease.streamIdentifier() != null) {
			return StreamIdentifiers.streamName(multiStreamLease.streamIdentifier());
		}
		return (singleStream != null) ? singleStream : "";
	}

	/**
	 * Return the shard id of a lease.
	 * @param lease the lease
	 * @return the shard id
	 */
	static String shardId(Lease lease) {
		if (lease instanceof MultiStreamLease multiStreamLease && multiStreamLease.shardId() != null) {
			return multiStreamLease.shardId();
		}
		return lease.leaseKey();
	}

}
