package io.github.kinetic.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link KinesisListenerObservationConvention}: named
 * {@code kinetic.listener}, contextual name {@code <stream> process}, with the listener
 * id, application and stream as low-cardinality keys and the shard, first sequence number
 * and batch size as high-cardinality ones (see {@link KinesisListenerObservation}).
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class DefaultKinesisListenerObservationConvention implements KinesisListenerObservationConvention {

	/**
	 * A shared instance.
	 */
	public static final DefaultKinesisListenerObservationConvention INSTANCE = new DefaultKinesisListenerObservationConvention();

	@Override
	public String getName() {
		return "kinetic.listener";
	}

	@Override
	public String getContextualName(KinesisListenerObservationContext context) {
		return context.getCall().stream() + " process";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(KinesisListenerObservationContext context) {
		ListenerCall call = context.getCall();
		return KeyValues.of(KinesisListenerObservation.LowCardinalityKeyNames.LISTENER_ID.withValue(call.listenerId()),
				KinesisListenerObservation.LowCardinalityKeyNames.APPLICATION.withValue(call.applicationName()),
				KinesisListenerObservation.LowCardinalityKeyNames.STREAM.withValue(call.stream()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(KinesisListenerObservationContext context) {
		ListenerCall call = context.getCall();
		return KeyValues.of(KinesisListenerObservation.HighCardinalityKeyNames.SHARD.withValue(call.shardId()),
				KinesisListenerObservation.HighCardinalityKeyNames.FIRST_SEQUENCE_NUMBER
					.withValue(call.firstSequenceNumber()),
				KinesisListenerObservation.HighCardinalityKeyNames.BATCH_SIZE
					.withValue(String.valueOf(call.batchSize())));
	}

}
