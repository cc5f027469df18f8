package io.github.kinetic.lease;

import org.jspecify.annotations.Nullable;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.MultiStreamLease;

/**
 * Reads KCL's multi-stream identifiers ({@code account:stream:creationEpoch}) and the
 * lease keys built on them ({@code account:stream:creationEpoch:shardId}): the one place
 * that knows their format. Internal to kinetic.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class StreamIdentifiers {

	private static final int ACCOUNT_ID_LENGTH = 12;

	private StreamIdentifiers() {
	}

	/**
	 * Return the stream name in a multi-stream identifier.
	 * @param streamIdentifier the identifier
	 * @return the stream name, or the identifier itself if it is not a multi-stream one
	 */
	public static String streamName(String streamIdentifier) {
		String[] parts = parts(streamIdentifier);
		return (parts != null) ? parts[1] : streamIdentifier;
	}

	/**
	 * Whether a multi-stream identifier starts with a 12-digit account id.
	 * @param streamIdentifier the identifier
	 * @return whether it names an account
	 */
	public static boolean hasAccountId(String streamIdentifier) {
		String[] parts = parts(streamIdentifier);
		return parts != null && parts[0].length() == ACCOUNT_ID_LENGTH && parts[0].chars().allMatch(Character::isDigit);
	}

	/**
	 * Return the shard id in a multi-stream lease key.
	 * @param leaseKey the lease key
	 * @return the shard id: what follows the stream identifier
	 */
	static String shardId(String leaseKey) {
		return leaseKey.substring(leaseKey.lastIndexOf(':') + 1);
	}

	/**
	 * Return the name of the stream a lease a worker holds belongs to.
	 * @param lease the lease
	 * @param singleStream the stream of a single-stream application, whose leases do not
	 * name it
	 * @return the stream name
	 */
	public static String streamName(Lease lease, @Nullable String singleStream) {
		if (lease instanceof MultiStreamLease multiStreamLease && multiStreamLease.streamIdentifier() != null) {
			return streamName(multiStreamLease.streamIdentifier());
		}
		return (singleStream != null) ? singleStream : "";
	}

	/**
	 * Return the shard id of a lease a worker holds.
	 * @param lease the lease
	 * @return the shard id
	 */
	public static String shardId(Lease lease) {
		if (lease instanceof MultiStreamLease multiStreamLease) {
			return (multiStreamLease.shardId() != null) ? multiStreamLease.shardId()
					: shardId(multiStreamLease.leaseKey());
		}
		return lease.leaseKey();
	}

	private static String @Nullable [] parts(String streamIdentifier) {
		String[] parts = streamIdentifier.split(":");
		return (parts.length == 3) ? parts : null;
	}

}
