package io.github.kinetic.listener;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * Creates the processor of each shard KCL assigns, bound to the listener of the shard's
 * stream.
 */
final class ListenerRecordProcessorFactory implements ShardRecordProcessorFactory {

	private static final Log logger = LogFactory.getLog(ListenerRecordProcessorFactory.class);

	private final Map<String, ListenerBinding> bindingsByStream;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	ListenerRecordProcessorFactory(Map<String, ListenerBinding> bindingsByStream, ContainerStopSignal stopSignal,
			ListenerObserver observer) {
		this.bindingsByStream = Map.copyOf(bindingsByStream);
		this.stopSignal = stopSignal;
		this.observer = observer;
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
		return new ListenerRecordProcessor(streamName, binding, this.stopSignal, this.observer);
	}

}
