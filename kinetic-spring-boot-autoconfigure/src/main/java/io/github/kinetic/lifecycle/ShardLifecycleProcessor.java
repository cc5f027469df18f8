package io.github.kinetic.lifecycle;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;

import org.springframework.core.log.LogMessage;

/**
 * Sits between KCL and the processor that delivers a shard to its listener.
 * <p>
 * While the shard is paused, it holds the batch KCL handed over inside
 * {@code processRecords}: KCL then fetches no further than its prefetch queue allows and
 * moves no checkpoint, while its lease renewer, on its own thread, keeps the lease. On
 * resume the held batch is delivered, so delivery continues with the next record the
 * listener has not received. If the container stops or the lease is lost while paused,
 * the batch is dropped undelivered, and so is every later one of this processor, and
 * nothing is checkpointed past what the listener processed: the next owner delivers it.
 * <p>
 * Publishes the lease acquired and lost, shard ended and idle events of the shard.
 */
final class ShardLifecycleProcessor implements ShardRecordProcessor {

	private static final Log logger = LogFactory.getLog(ShardLifecycleProcessor.class);

	private final ShardRecordProcessor delegate;

	private final String listenerId;

	private final String stream;

	private final ShardLifecycle lifecycle;

	private String shardId = "";

	private List<String> childShardIds = List.of();

	private long lastRecordNanos;

	private long lastIdleEventNanos;

	private boolean abandoned;

	ShardLifecycleProcessor(ShardRecordProcessor delegate, String listenerId, String stream, ShardLifecycle lifecycle) {
		this.delegate = delegate;
		this.listenerId = listenerId;
		this.stream = stream;
		this.lifecycle = lifecycle;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.shardId = input.shardId();
		this.lastRecordNanos = this.lifecycle.nanoTime().getAsLong();
		this.lastIdleEventNanos = this.lastRecordNanos;
		this.delegate.initialize(input);
		this.lifecycle.events().leaseAcquired(this.listenerId, this.stream, this.shardId);
	}

	@Override
	public void processRecords(ProcessRecordsInput input) {
		if (this.abandoned) {
			return;
		}
		List<ChildShard> children = input.childShards();
		if (children != null && !children.isEmpty()) {
			this.childShardIds = children.stream().map(ChildShard::shardId).toList();
		}
		if (!this.lifecycle.pauses()
			.awaitDelivery(this.listenerId, this.stream, this.shardId, this::mustAbandonWhilePaused)) {
			this.abandoned = true;
			logger.info(LogMessage.format(
					"Paused shard %s/%s of listener %s let go: the container stops or the lease is lost; its"
							+ " undelivered records go to the next owner of the lease",
					this.stream, this.shardId, this.listenerId));
			return;
		}
		idleCheck(input.records().isEmpty());
		this.delegate.processRecords(input);
	}

	private boolean mustAbandonWhilePaused() {
		return this.lifecycle.stopping().getAsBoolean() || !this.lifecycle.leaseHeld().test(this.stream, this.shardId);
	}

	private void idleCheck(boolean empty) {
		long now = this.lifecycle.nanoTime().getAsLong();
		if (!empty) {
			this.lastRecordNanos = now;
			this.lastIdleEventNanos = now;
			return;
		}
		Duration interval = this.lifecycle.idleEventInterval();
		if (interval != null && now - this.lastIdleEventNanos >= interval.toNanos()) {
			this.lastIdleEventNanos = now;
			this.lifecycle.events()
				.idle(this.listenerId, this.stream, this.shardId, Duration.ofNanos(now - this.lastRecordNanos));
		}
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.delegate.leaseLost(input);
		this.lifecycle.events().leaseLost(this.listenerId, this.stream, this.shardId);
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		if (this.abandoned) {
			// the end of the shard must not be checkpointed past the dropped records
			return;
		}
		this.delegate.shardEnded(input);
		this.lifecycle.events().shardEnded(this.listenerId, this.stream, this.shardId, this.childShardIds);
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		this.delegate.shutdownRequested(input);
	}

}
