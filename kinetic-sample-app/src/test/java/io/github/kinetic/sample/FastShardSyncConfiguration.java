package io.github.kinetic.sample;

import java.time.Duration;

import io.github.kinetic.listener.KinesisSchedulerCustomizer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Shortens KCL's shard sync interval for local runs.
 * <p>
 * On a fresh lease table, KCL's scheduler syncs each stream's shards once before it
 * starts consuming and sleeps for the shard sync interval (60 s by default) after each
 * stream: with two streams the first record would arrive two minutes after startup. On
 * the emulators, frequent {@code ListShards} calls cost nothing.
 */
@TestConfiguration(proxyBeanMethods = false)
class FastShardSyncConfiguration {

	static final Duration SHARD_SYNC_INTERVAL = Duration.ofSeconds(1);

	@Bean
	KinesisSchedulerCustomizer fastShardSync() {
		return (configs) -> configs.leaseManagement().shardSyncIntervalMillis(SHARD_SYNC_INTERVAL.toMillis());
	}

}
