package io.github.kinetic.container;

import java.util.Map;

import io.github.kinetic.lifecycle.ContainerLifecycle.ShardProcessorWrapper;
import io.github.kinetic.listener.ListenerObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

import org.springframework.core.log.LogMessage;

/**
 * Creates the processor of each shard KCL assigns, bound to the listener of the shard's
 * stream.
 */
final class ListenerRecordProcessorFactory implements ShardRecordProcessorFactory {

	private final Map<String, ListenerBinding> bindingsByStream;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private final ShardProcessorWrapper lifecycle;

	ListenerRecordProcessorFactory(Map<String, ListenerBinding> bindingsByStream, ContainerStopSignal stopSignal,
			ListenerObserver observer, ShardProcessorWrapper lifecycle) {
		this.bindingsByStream = Map.copyOf(bindingsByStream);
		this.stopSignal = stopSignal;
		this.observer = observer;
		this.lifecycle = lifecycle;
	}

	@Override
	public ShardRecordProcessor shardRecordProcessor() {
		if (this.bindingsByStream.size() != 1) {
			throw new IllegalStateException("A multi-stream consumer needs the stream of each shard");
		}
		return processorFor(this.bindingsByStream.keySet().iterator().next());
	}

	@Override
	public ShardRecordProcessor shardRecordProcessor(StreamIdentifier streamIdentifier) {
		return processorFor(streamIdentifier.streamName());
	}

	private ShardRecordProcessor processorFor(String streamName) {
		ListenerBinding binding = this.bindingsByStream.get(streamName);
		if (binding == null) {
			return new UnconfiguredStreamProcessor(streamName);
		}
		return this.lifecycle.wrap(
				new ListenerRecordProcessor(streamName, binding, this.stopSignal, System::nanoTime, this.observer),
				binding.listenerId(), streamName);
	}

	/**
	 * The processor of a shard whose stream left the configuration but still has leases.
	 * <p>
	 * In multi-stream mode KCL keeps consuming every stream that has leases in the table,
	 * configured or not. This processor delivers nothing and checkpoints nothing, so the
	 * stream's checkpoints stay where the last listener left them: put the stream back in
	 * the configuration and consumption resumes there; delete its leases (or let
	 * {@code kinetic.former-streams.lease-deletion-delay} do it) to forget it.
	 */
	static final class UnconfiguredStreamProcessor implements ShardRecordProcessor {

		private static final Log logger = LogFactory.getLog(UnconfiguredStreamProcessor.class);

		private final String streamName;

		UnconfiguredStreamProcessor(String streamName) {
			this.streamName = streamName;
		}

		@Override
		public void initialize(InitializationInput input) {
			logger.warn(LogMessage.format(
					"Stream '%s' has leases in the lease table but is not configured: "
							+ "shard %s is held without delivering or checkpointing anything",
					this.streamName, input.shardId()));
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
		}

	}

}
