package io.github.kinetic.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads KCL leases out of lease table items.
 */
public final class LeaseTableAssertions {

	private LeaseTableAssertions() {
	}

	/**
	 * Return the checkpoint of each lease, by lease key. Items that are not leases (KCL 3
	 * keeps worker metrics and coordinator state in the same table) are left out.
	 * @param items the lease table items
	 * @return the checkpoints
	 */
	public static Map<String, String> checkpoints(List<Map<String, AttributeValue>> items) {
		Map<String, String> checkpoints = new LinkedHashMap<>();
		for (Map<String, AttributeValue> item : items) {
			AttributeValue checkpoint = item.get("checkpoint");
			if (checkpoint != null && checkpoint.s() != null) {
				checkpoints.put(item.get("leaseKey").s(), checkpoint.s());
			}
		}
		return checkpoints;
	}

}
