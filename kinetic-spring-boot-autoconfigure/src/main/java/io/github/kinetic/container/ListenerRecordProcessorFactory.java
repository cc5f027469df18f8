package io.github.kinetic.container;

import java.util.Map;

import io.github.kinetic.lifecycle.ShardLifecycle;
import io.github.kinetic.listener.ListenerObserver;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * Creates the processor of each shard KCL assigns, bound to the listener of the shard's
 * stream.
 */
final class ListenerRecordProcessorFactory implements ShardRecordProcessorFactory {

	private final Map<String, ListenerBinding> bindingsByStream;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	private final ShardLifecycle lifecycle;

	ListenerRecordProcessorFactory(Map<String, ListenerBinding> bindingsByStream, ContainerStopSignal stopSignal,
			ListenerObserver observer, ShardLifecycle lifecycle) {
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

}
