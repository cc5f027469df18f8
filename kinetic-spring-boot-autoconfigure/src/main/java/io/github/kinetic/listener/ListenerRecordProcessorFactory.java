package io.github.kinetic.listener;

import java.util.Map;

import org.springframework.util.backoff.BackOff;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * Creates the processor of each shard KCL assigns, bound to the listener of the shard's
 * stream.
 */
final class ListenerRecordProcessorFactory implements ShardRecordProcessorFactory {

	private final Map<String, ListenerMethodInvoker> invokersByStream;

	private final BackOff backOff;

	private final ContainerStopSignal stopSignal;

	private final ListenerObserver observer;

	ListenerRecordProcessorFactory(Map<String, ListenerMethodInvoker> invokersByStream, BackOff backOff,
			ContainerStopSignal stopSignal, ListenerObserver observer) {
		this.invokersByStream = Map.copyOf(invokersByStream);
		this.backOff = backOff;
		this.stopSignal = stopSignal;
		this.observer = observer;
	}

	@Override
	public ShardRecordProcessor shardRecordProcessor() {
		if (this.invokersByStream.size() != 1) {
			throw new IllegalStateException("A multi-stream consumer needs the stream of each shard");
		}
		return processorFor(this.invokersByStream.keySet().iterator().next());
	}

	@Override
	public ShardRecordProcessor shardRecordProcessor(StreamIdentifier streamIdentifier) {
		return processorFor(streamIdentifier.streamName());
	}

	private ShardRecordProcessor processorFor(String streamName) {
		ListenerMethodInvoker invoker = this.invokersByStream.get(streamName);
		if (invoker == null) {
			throw new IllegalStateException("No listener for stream '" + streamName + "'");
		}
		return new ListenerRecordProcessor(streamName, invoker, this.backOff, this.stopSignal, this.observer);
	}

}
