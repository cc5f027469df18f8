package io.github.kinetic.lease;

import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseRefresher;

import org.springframework.core.log.LogMessage;

/**
 * Hands back the leases of a worker that shut down gracefully.
 * <p>
 * KCL's graceful shutdown checkpoints and stops renewing, but leaves this worker as the
 * owner in the lease table: other workers then wait out the failover time before they
 * take the shards. Clearing the owner once the processors are done lets the lease
 * assignment hand the shards on at once. The update is conditional on this worker still
 * being the owner, so a lease another worker took meanwhile is left alone.
 */
final class LeaseRelease {

	private static final Log logger = LogFactory.getLog(LeaseRelease.class);

	private final LeaseRefresher leaseRefresher;

	private final List<Lease> held;

	private LeaseRelease(LeaseRefresher leaseRefresher, Collection<Lease> held) {
		this.leaseRefresher = leaseRefresher;
		this.held = List.copyOf(held);
	}

	/**
	 * Note the leases the scheduler holds now, before it shuts down.
	 * @param scheduler the running scheduler
	 * @return the leases to release once it has shut down
	 */
	static LeaseRelease of(Scheduler scheduler) {
		return new LeaseRelease(scheduler.leaseRefresher(), scheduler.leaseCoordinator().getAssignments());
	}

	/**
	 * Clear this worker as the owner of the noted leases.
	 * @return the number of leases released
	 */
	int release() {
		int released = 0;
		for (Lease lease : this.held) {
			try {
				if (this.leaseRefresher.evictLease(lease)) {
					released++;
				}
			}
			catch (Exception ex) {
				// the lease expires after the failover time instead
				logger.debug(LogMessage.format("Could not release lease %s", lease.leaseKey()), ex);
			}
		}
		return released;
	}

}
