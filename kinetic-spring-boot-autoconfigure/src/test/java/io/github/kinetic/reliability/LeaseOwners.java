package io.github.kinetic.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import io.github.kinetic.test.AwsTestClients;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads who owns which shard from a lease table, and counts owner changes over a watch,
 * for the fleet tests.
 */
final class LeaseOwners {

	private final AwsTestClients aws;

	private final String application;

	LeaseOwners(AwsTestClients aws, String application) {
		this.aws = aws;
		this.application = application;
	}

	/**
	 * Return the owner of each owned shard lease.
	 * @return the owners by lease key; empty while the table does not exist
	 */
	Map<String, String> now() {
		Map<String, String> owners = new TreeMap<>();
		List<Map<String, AttributeValue>> items;
		try {
			items = this.aws.scan(this.application);
		}
		catch (CompletionException ex) {
			// no instance has created the lease table yet
			return owners;
		}
		for (Map<String, AttributeValue> item : items) {
			AttributeValue owner = item.get("leaseOwner");
			String key = item.get("leaseKey").s();
			if (key.startsWith("shardId-") && owner != null && owner.s() != null) {
				owners.put(key, owner.s());
			}
		}
		return owners;
	}

	/**
	 * Count how often each lease changes owner during the watch, reading the table every
	 * half second.
	 * @param watch how long to watch
	 * @param check run at each reading, e.g. to assert the instances are alive
	 * @return the owner changes by lease key
	 * @throws InterruptedException if interrupted
	 */
	Map<String, Integer> changesDuring(Duration watch, Runnable check) throws InterruptedException {
		Map<String, String> previous = now();
		Map<String, Integer> changes = new TreeMap<>();
		previous.keySet().forEach((shard) -> changes.put(shard, 0));
		long deadline = System.nanoTime() + watch.toNanos();
		while (System.nanoTime() < deadline) {
			Thread.sleep(500);
			check.run();
			Map<String, String> current = now();
			current.forEach((shard, owner) -> {
				if (!owner.equals(previous.get(shard))) {
					changes.merge(shard, 1, Integer::sum);
				}
			});
			previous.putAll(current);
		}
		return changes;
	}

}
