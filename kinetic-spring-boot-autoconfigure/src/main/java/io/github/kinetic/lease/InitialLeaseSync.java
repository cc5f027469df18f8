package io.github.kinetic.lease;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.streamInfo.StreamIdCache;
import software.amazon.kinesis.coordinator.streamInfo.StreamIdOnboardingState;
import software.amazon.kinesis.leases.HierarchicalShardSyncer;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseManagementFactory;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.leases.dynamodb.DynamoDBMultiStreamLeaseSerializer;
import software.amazon.kinesis.metrics.NullMetricsScope;
import software.amazon.kinesis.processor.StreamTracker;

import org.springframework.core.log.LogMessage;

/**
 * Creates the leases of streams that have none, with KCL's own shard syncer, before the
 * scheduler starts.
 * <p>
 * A KCL scheduler that finds no leases waits a random 1 to 30 s before its first shard
 * sync, then sleeps for the shard sync interval (60 s by default) before it starts
 * consuming. With the leases already there it skips both and consumes as soon as the
 * lease assignment hands it shards. The leases are the ones KCL would create itself: same
 * syncer, same initial position, conditional writes, so workers starting together cannot
 * create a lease twice.
 */
final class InitialLeaseSync {

	private static final Log logger = LogFactory.getLog(InitialLeaseSync.class);

	private InitialLeaseSync() {
	}

	static void syncStreamsWithoutLeases(LeaseManagementConfig config, DynamoDBLeaseManagementFactory factory,
			LeaseRefresher leaseRefresher, StreamTracker streamTracker, boolean adoptLegacyLeases) throws Exception {
		if (config.streamIdOnboardingState() != StreamIdOnboardingState.NOT_ONBOARDED) {
			// stream id onboarding needs the scheduler's stream id cache: leave the sync
			// to KCL
			return;
		}
		// a JVM-wide KCL singleton, set by the first scheduler; the shard syncer reads it
		StreamIdCache.initialize(null, StreamIdOnboardingState.NOT_ONBOARDED);
		boolean multiStream = streamTracker.isMultiStream();
		for (StreamConfig stream : streamTracker.streamConfigList()) {
			List<Lease> leases = multiStream ? leaseRefresher.listLeasesForStream(stream.streamIdentifier())
					: leaseRefresher.listLeases();
			if (leases.isEmpty() && multiStream && adoptLegacyLeases
					&& LegacyLeaseAdoption.adopt(leaseRefresher, stream.streamIdentifier()) > 0) {
				continue;
			}
			if (leases.isEmpty()) {
				new HierarchicalShardSyncer(multiStream, stream.streamIdentifier().serialize())
					.checkAndCreateLeaseForNewShards(factory.createShardDetector(stream), leaseRefresher,
							stream.initialPositionInStreamExtended(), new NullMetricsScope(),
							config.ignoreUnexpectedChildShards(), true);
				logger.debug(LogMessage.format("Created the leases of %s", stream.streamIdentifier()));
			}
		}
	}

	static DynamoDBLeaseManagementFactory factory(LeaseManagementConfig config, boolean multiStream) {
		return new DynamoDBLeaseManagementFactory(config,
				multiStream ? new DynamoDBMultiStreamLeaseSerializer() : new DynamoDBLeaseSerializer(), multiStream);
	}

}
