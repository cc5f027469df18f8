package io.github.kinetic.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

import org.springframework.core.log.LogMessage;

/**
 * Takes, for a worker about to start, the leases of its streams that no live worker
 * holds, so that it consumes from its first lease discovery instead of waiting for KCL's
 * lease assignment.
 * <p>
 * KCL 3 hands out leases from the leader's lease assignment, which runs every two
 * failover times (20 s by default) and, on a new table, finds no metrics for a worker
 * that has only just started: a fresh application waited 40 s or more for its first
 * record, and a restarted one as long. A lease nobody owns (a new one, or one a worker
 * released at a graceful stop) is taken at once. A lease owned by another worker is taken
 * only once its owner has not renewed it for the failover time: the rule by which KCL
 * itself declares a lease expired. Every take is KCL's own conditional write on the lease
 * counter, so workers starting together, or the leader assigning at the same moment,
 * cannot both win one lease; the leader's assignment goes on balancing the leases
 * afterwards, as it would have without this.
 */
final class StartupLeaseClaim {

	private static final Log logger = LogFactory.getLog(StartupLeaseClaim.class);

	private static final long MAX_POLL_MILLIS = 1000;

	private final LeaseRefresher leaseRefresher;

	private final StreamTracker streamTracker;

	private final String workerId;

	private final Map<String, Lease> watched = new HashMap<>();

	private long watchStartedNanos;

	private int taken;

	StartupLeaseClaim(LeaseRefresher leaseRefresher, StreamTracker streamTracker, String workerId) {
		this.leaseRefresher = leaseRefresher;
		this.streamTracker = streamTracker;
		this.workerId = workerId;
	}

	/**
	 * Take the leases nobody owns, and note those other workers own.
	 * @return whether leases of other workers are left to watch
	 * @throws Exception on a DynamoDB failure
	 */
	boolean takeUnowned() throws Exception {
		this.watchStartedNanos = System.nanoTime();
		for (Lease lease : leases()) {
			if (lease.leaseOwner() == null) {
				take(lease);
			}
			else if (!this.workerId.equals(lease.leaseOwner())) {
				this.watched.put(lease.leaseKey(), lease);
			}
		}
		return !this.watched.isEmpty();
	}

	/**
	 * Watch the leases of other workers for up to the failover time: a lease renewed
	 * meanwhile has a live owner and is left to it; one that was not is taken.
	 * @param failoverTime the time after which KCL deems an unrenewed lease expired
	 * @param sleepUnlessStopped sleeps for the given milliseconds, returning
	 * {@code false} if the worker is stopping instead
	 * @return whether the watch ended without the worker stopping
	 * @throws Exception on a DynamoDB failure
	 */
	boolean takeExpired(Duration failoverTime, LongPredicate sleepUnlessStopped) throws Exception {
		long pollMillis = Math.max(100, Math.min(MAX_POLL_MILLIS, failoverTime.toMillis() / 5));
		while (!this.watched.isEmpty()) {
			if (!sleepUnlessStopped.test(pollMillis)) {
				return false;
			}
			boolean expired = System.nanoTime() - this.watchStartedNanos >= failoverTime.toNanos();
			for (Lease noted : List.copyOf(this.watched.values())) {
				Lease current = this.leaseRefresher.getLease(noted.leaseKey());
				if (current == null || isRenewed(noted, current)) {
					this.watched.remove(noted.leaseKey());
				}
				else if (expired || current.leaseOwner() == null) {
					this.watched.remove(noted.leaseKey());
					take(current);
				}
			}
		}
		return true;
	}

	private static boolean isRenewed(Lease noted, Lease current) {
		// a released lease (no owner) is not renewed: it is free to take
		return current.leaseOwner() != null && (!Objects.equals(current.leaseCounter(), noted.leaseCounter())
				|| !current.leaseOwner().equals(noted.leaseOwner()));
	}

	/**
	 * Return how many leases this claim took.
	 * @return the number of leases taken
	 */
	int taken() {
		return this.taken;
	}

	private void take(Lease lease) throws Exception {
		if (ExtendedSequenceNumber.SHARD_END.equals(lease.checkpoint())) {
			// a finished shard: nothing to consume, KCL cleans it up
			return;
		}
		String previousOwner = lease.leaseOwner();
		if (this.leaseRefresher.takeLease(lease, this.workerId)) {
			this.taken++;
			logger.debug(LogMessage.format("Took lease %s at start (it was %s)", lease.leaseKey(),
					(previousOwner != null) ? "held by " + previousOwner + ", not renewed" : "free"));
		}
	}

	private List<Lease> leases() throws Exception {
		if (!this.streamTracker.isMultiStream()) {
			return this.leaseRefresher.listLeases();
		}
		List<Lease> leases = new ArrayList<>();
		for (StreamConfig stream : this.streamTracker.streamConfigList()) {
			leases.addAll(this.leaseRefresher.listLeasesForStream(stream.streamIdentifier()));
		}
		return leases;
	}

}
