package io.github.kinetic.settings;

/**
 * How KCL reads the records of a shard.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public enum RetrievalMode {

	/**
	 * Shared throughput: each shard consumer calls GetRecords at an interval.
	 */
	POLLING,

	/**
	 * Enhanced fan-out: a registered stream consumer subscribes to each shard and Kinesis
	 * pushes records over HTTP/2, with dedicated throughput per consumer.
	 */
	FAN_OUT

}
