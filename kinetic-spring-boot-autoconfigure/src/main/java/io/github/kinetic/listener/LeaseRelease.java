package io.github.kinetic.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseManagementFactory;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.leases.dynamodb.DynamoDBMultiStreamLeaseSerializer;

/**
 * Releases the leases a worker still owns after its scheduler stopped.
 * <p>
 * A KCL scheduler that shuts down stops renewing its leases but leaves its worker id on
 * them, so other workers wait for the failover time before they take the shards over.
 * Evicting the leases (a conditional write on the owner, as KCL itself does) lets them
 * take the shards at once; the checkpoints stay.
 */
final class LeaseRelease {

	private static final Log logger = LogFactory.getLog(LeaseRelease.class);

	private LeaseRelease() {
	}

	static void releaseOwnedLeases(LeaseManagementConfig config, boolean multiStream) {
		try {
			DynamoDBLeaseManagementFactory factory = new DynamoDBLeaseManagementFactory(config,
					multiStream ? new DynamoDBMultiStreamLeaseSerializer() : new DynamoDBLeaseSerializer(),
					multiStream);
			LeaseRefresher leaseRefresher = factory.createLeaseRefresher();
			int released = 0;
			for (Lease lease : leaseRefresher.listLeases()) {
				if (config.workerIdentifier().equals(lease.leaseOwner()) && leaseRefresher.evictLease(lease)) {
					released++;
				}
			}
			logger.debug(LogMessage.format("Released %d lease(s) of worker %s", released, config.workerIdentifier()));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn(LogMessage.format(
					"Could not release the leases of worker %s; other workers take them after the failover time",
					config.workerIdentifier()), ex);
		}
	}

}
