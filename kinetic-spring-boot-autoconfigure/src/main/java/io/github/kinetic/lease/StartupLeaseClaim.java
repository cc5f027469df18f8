package io.github.kinetic.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * Takes, for a worker about to start, its fair share of the leases of its streams, so
 * that it consumes from its first lease discovery instead of waiting for KCL's lease
 * assignment.
 * <p>
 * KCL 3 hands out leases from the leader's lease assignment, which runs every two
 * failover times (20 s by default), finds no metrics for a worker that has only just
 * started, and moves leases to balance the load only on every third pass: a fresh
 * application waited 40 s or more for its first record, and the second worker of a fleet
 * a minute. The worker first stamps its metrics entry and counts the live workers (see
 * {@link LiveWorkers}); it takes free leases (new ones, or released at a graceful stop)
 * up to its share, the lease count divided by the live workers, rounded up: alone, it
 * takes them all. A lease owned by another worker is watched for up to the failover time:
 * one whose owner does not renew it meanwhile, and whose metrics entry is stale, is
 * expired by KCL's own rules and taken (the lease of a live owner that has not renewed it
 * after twice the failover time is left to KCL's lease assignment); an owner that renews
 * is alive, and if it holds more than its share while this worker holds less, this worker
 * takes the difference from it, one lease at a time and never so many that the owner ends
 * below this worker. The owner loses the lease at its next renewal, and this worker
 * starts from the owner's last checkpoint: records past it are delivered again, none are
 * skipped. Every take is KCL's own conditional write on the lease counter, so workers
 * starting together, or the leader assigning at the same moment, cannot both win one
 * lease.
 */
final class StartupLeaseClaim {

	private static final Log logger = LogFactory.getLog(StartupLeaseClaim.class);

	private static final long MAX_POLL_MILLIS = 250;

	private final LeaseRefresher leaseRefresher;

	private final StreamTracker streamTracker;

	private final String workerId;

	private final LiveWorkers liveWorkers;

	private final Map<String, Lease> watched = new HashMap<>();

	// owners seen renewing a watched lease: alive, whatever their metrics entry says
	private final Set<String> renewing = new HashSet<>();

	private Set<String> registered = Set.of();

	private long watchStartedNanos;

	private int taken;

	StartupLeaseClaim(LeaseRefresher leaseRefresher, StreamTracker streamTracker, String workerId,
			LiveWorkers liveWorkers) {
		this.leaseRefresher = leaseRefresher;
		this.streamTracker = streamTracker;
		this.workerId = workerId;
		this.liveWorkers = liveWorkers;
	}

	/**
	 * Take this worker's share of the leases nobody owns, and note those other workers
	 * own.
	 * @return whether leases of other workers are left to watch before the scheduler
	 * starts
	 * @throws Exception on a DynamoDB failure
	 */
	boolean takeUnowned() throws Exception {
		this.watchStartedNanos = System.nanoTime();
		this.liveWorkers.stamp(this.workerId);
		this.registered = this.liveWorkers.ids();
		List<Lease> leases = unfinished(leases());
		Collections.shuffle(leases);
		int share = ceilDiv(leases.size(), workerCount());
		int mine = owned(leases).getOrDefault(this.workerId, 0);
		for (Lease lease : leases) {
			if (lease.leaseOwner() == null) {
				if (mine < share && take(lease, "it was free")) {
					mine++;
				}
			}
			else if (!this.workerId.equals(lease.leaseOwner())) {
				this.watched.put(lease.leaseKey(), lease);
			}
		}
		if (mine < Math.max(1, leases.size() / workerCount())) {
			// free leases lost to workers claiming at the same moment: theirs now, to be
			// watched like the others
			for (Lease lease : unfinished(leases())) {
				if (lease.leaseOwner() != null && !this.workerId.equals(lease.leaseOwner())) {
					this.watched.putIfAbsent(lease.leaseKey(), lease);
				}
			}
		}
		return !this.watched.isEmpty() && !holdsShare(mine, leases.size());
	}

	/**
	 * Watch the leases of other workers for up to the failover time: a lease renewed
	 * meanwhile has a live owner and is left to it; one that was not is taken. Then take
	 * from live owners holding more than their share what this worker lacks.
	 * @param failoverTime the time after which KCL deems an unrenewed lease expired
	 * @param sleepUnlessStopped sleeps for the given milliseconds, returning
	 * {@code false} if the worker is stopping instead
	 * @return whether the watch ended without the worker stopping
	 * @throws Exception on a DynamoDB failure
	 */
	boolean takeExpired(Duration failoverTime, LongPredicate sleepUnlessStopped) throws Exception {
		long pollMillis = Math.max(100, Math.min(MAX_POLL_MILLIS, failoverTime.toMillis() / 8));
		while (!this.watched.isEmpty()) {
			if (!sleepUnlessStopped.test(pollMillis)) {
				return false;
			}
			long watchedNanos = System.nanoTime() - this.watchStartedNanos;
			boolean expired = watchedNanos >= failoverTime.toNanos();
			this.registered = this.liveWorkers.ids();
			for (Lease noted : List.copyOf(this.watched.values())) {
				Lease current = this.leaseRefresher.getLease(noted.leaseKey());
				if (current == null || isRenewed(noted, current)) {
					this.watched.remove(noted.leaseKey());
					if (current != null && current.leaseOwner().equals(noted.leaseOwner())) {
						this.renewing.add(current.leaseOwner());
					}
				}
				else if (current.leaseOwner() == null) {
					this.watched.remove(noted.leaseKey());
					take(current, "it was released");
				}
				else if (expired && !this.registered.contains(current.leaseOwner())) {
					// KCL's lease assignment waits for the owner's metrics to go stale
					// too before it hands such a lease on: an owner that has just
					// taken it may not have started renewing yet
					this.watched.remove(noted.leaseKey());
					take(current, "held by " + current.leaseOwner() + ", not renewed");
				}
				else if (watchedNanos >= failoverTime.toNanos() * 2) {
					// a live worker's lease it does not renew: KCL's assignment decides
					this.watched.remove(noted.leaseKey());
				}
			}
			if (!this.watched.isEmpty() && holdsShareAmongRegistered()) {
				// the owners left are workers starting as well, and may be watching this
				// worker's leases in turn: leave theirs to them
				return true;
			}
		}
		takeShareFromLiveOwners();
		return true;
	}

	private static boolean isRenewed(Lease noted, Lease current) {
		// a released lease (no owner) is not renewed: it is free to take
		return current.leaseOwner() != null && (!Objects.equals(current.leaseCounter(), noted.leaseCounter())
				|| !current.leaseOwner().equals(noted.leaseOwner()));
	}

	/**
	 * Whether this worker holds its share, at least one lease, and every owner it watches
	 * is alive by its metrics entry: there is then nothing it should take before it
	 * starts.
	 */
	private boolean holdsShare(int mine, int leaseCount) {
		int share = leaseCount / workerCount();
		return mine >= Math.max(1, share) && this.watched.values()
			.stream()
			.allMatch((lease) -> this.registered.contains(lease.leaseOwner())
					|| this.renewing.contains(lease.leaseOwner()));
	}

	private boolean holdsShareAmongRegistered() throws Exception {
		List<Lease> leases = unfinished(leases());
		return holdsShare(owned(leases).getOrDefault(this.workerId, 0), leases.size());
	}

	/**
	 * Take free leases, then leases of owners seen renewing that hold more than the
	 * share, until this worker holds its share (the lease count divided by the live
	 * workers, rounded down). Each round reads the table again: other workers claim at
	 * the same time.
	 */
	private void takeShareFromLiveOwners() throws Exception {
		this.registered = this.liveWorkers.ids();
		for (int round = 0; round < 16; round++) {
			List<Lease> leases = unfinished(leases());
			Collections.shuffle(leases);
			int share = leases.size() / workerCount();
			Map<String, Integer> owned = owned(leases);
			int mine = owned.getOrDefault(this.workerId, 0);
			if (mine >= share) {
				return;
			}
			Lease free = leases.stream().filter((lease) -> lease.leaseOwner() == null).findFirst().orElse(null);
			if (free != null) {
				take(free, "it was free");
				continue;
			}
			String victim = this.renewing.stream()
				.max((a, b) -> Integer.compare(owned.getOrDefault(a, 0), owned.getOrDefault(b, 0)))
				.orElse(null);
			int theirs = (victim != null) ? owned.getOrDefault(victim, 0) : 0;
			if (theirs <= share || theirs < mine + 2) {
				return;
			}
			Lease lease = leases.stream()
				.filter((candidate) -> victim.equals(candidate.leaseOwner()) && !candidate.shutdownRequested())
				.findFirst()
				.orElse(null);
			if (lease == null) {
				return;
			}
			take(lease, "held by " + victim + " with " + theirs + " leases, over its share of " + share);
		}
	}

	private int workerCount() {
		Set<String> workers = new HashSet<>(this.registered);
		workers.addAll(this.renewing);
		workers.add(this.workerId);
		return workers.size();
	}

	private static Map<String, Integer> owned(List<Lease> leases) {
		Map<String, Integer> owned = new HashMap<>();
		for (Lease lease : leases) {
			if (lease.leaseOwner() != null) {
				owned.merge(lease.leaseOwner(), 1, Integer::sum);
			}
		}
		return owned;
	}

	private static int ceilDiv(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

	/**
	 * Return how many leases this claim took.
	 * @return the number of leases taken
	 */
	int taken() {
		return this.taken;
	}

	private boolean take(Lease lease, String why) throws Exception {
		if (ExtendedSequenceNumber.SHARD_END.equals(lease.checkpoint())) {
			// a finished shard: nothing to consume, KCL cleans it up
			return false;
		}
		if (this.leaseRefresher.takeLease(lease, this.workerId)) {
			this.taken++;
			logger.debug(LogMessage.format("Took lease %s at start (%s)", lease.leaseKey(), why));
			return true;
		}
		return false;
	}

	private static List<Lease> unfinished(List<Lease> leases) {
		List<Lease> unfinished = new ArrayList<>();
		for (Lease lease : leases) {
			if (!ExtendedSequenceNumber.SHARD_END.equals(lease.checkpoint())) {
				unfinished.add(lease);
			}
		}
		return unfinished;
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
