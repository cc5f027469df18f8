package io.github.kinetic.lease;

import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.MultiStreamLease;

import org.springframework.core.log.LogMessage;

/**
 * Moves a stream's multi-stream leases from another stream identifier to the stream's
 * real one, keeping their checkpoints.
 * <p>
 * Multi-stream lease keys are {@code account:stream:creationEpoch:shardId}. Consumers
 * that wrote a made-up account or epoch (kinetic for Clojure wrote fixed values) leave
 * leases that KCL sees as another stream: a consumer using the real identifier would
 * start the stream over from its start position. Adoption copies each such lease to the
 * real identifier, unowned and with its checkpoint, and deletes the old one.
 */
final class LegacyLeaseAdoption {

	private static final Log logger = LogFactory.getLog(LegacyLeaseAdoption.class);

	private LegacyLeaseAdoption() {
	}

	/**
	 * Adopt the leases of the stream written under other identifiers.
	 * @param leaseRefresher the multi-stream lease refresher
	 * @param stream the stream's real identifier
	 * @return how many leases were adopted
	 * @throws Exception on a DynamoDB failure
	 */
	static int adopt(LeaseRefresher leaseRefresher, StreamIdentifier stream) throws Exception {
		String realIdentifier = stream.serialize();
		List<MultiStreamLease> legacy = leaseRefresher.listLeases()
			.stream()
			.filter(MultiStreamLease.class::isInstance)
			.map(MultiStreamLease.class::cast)
			.filter((lease) -> !lease.streamIdentifier().equals(realIdentifier)
					&& StreamIdentifiers.streamName(lease.streamIdentifier()).equals(stream.streamName()))
			.toList();
		for (MultiStreamLease lease : legacy) {
			MultiStreamLease adopted = adoptedCopy(lease, realIdentifier);
			leaseRefresher.createLeaseIfNotExists(adopted);
			leaseRefresher.deleteLease(lease);
			logger.info(LogMessage.format("Adopted lease %s as %s at checkpoint %s", lease.leaseKey(),
					adopted.leaseKey(), lease.checkpoint()));
		}
		return legacy.size();
	}

	private static MultiStreamLease adoptedCopy(MultiStreamLease lease, String realIdentifier) {
		MultiStreamLease adopted = new MultiStreamLease();
		adopted.leaseKey(MultiStreamLease.getLeaseKey(realIdentifier, lease.shardId()));
		adopted.streamIdentifier(realIdentifier);
		adopted.shardId(lease.shardId());
		adopted.leaseCounter(0L);
		adopted.checkpoint(lease.checkpoint());
		adopted.pendingCheckpoint(lease.pendingCheckpoint());
		adopted.ownerSwitchesSinceCheckpoint(Objects.requireNonNullElse(lease.ownerSwitchesSinceCheckpoint(), 0L));
		adopted.parentShardIds(lease.parentShardIds());
		adopted.childShardIds(lease.childShardIds());
		if (lease.hashKeyRangeForLease() != null) {
			adopted.hashKeyRange(lease.hashKeyRangeForLease());
		}
		return adopted;
	}

}
