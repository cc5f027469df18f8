package io.github.kinetic.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a {@code @KinesisListener} call, named {@code kinetic.listener}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public enum KinesisListenerObservation implements ObservationDocumentation {

	/**
	 * One call of a listener method, with one record or a batch.
	 */
	LISTENER_CALL {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultKinesisListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Keys with few values: tags of the timer and of the span.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The listener id.
		 */
		LISTENER_ID {
			@Override
			public String asString() {
				return "kinetic.listener.id";
			}
		},

		/**
		 * The application name (consumer group).
		 */
		APPLICATION {
			@Override
			public String asString() {
				return "kinetic.application";
			}
		},

		/**
		 * The stream.
		 */
		STREAM {
			@Override
			public String asString() {
				return "kinetic.stream";
			}
		}

	}

	/**
	 * Keys with many values: on the span only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The shard id.
		 */
		SHARD {
			@Override
			public String asString() {
				return "kinetic.shard";
			}
		},

		/**
		 * The sequence number of the first record of the call.
		 */
		FIRST_SEQUENCE_NUMBER {
			@Override
			public String asString() {
				return "kinetic.first.sequence.number";
			}
		},

		/**
		 * How many records the call received.
		 */
		BATCH_SIZE {
			@Override
			public String asString() {
				return "kinetic.batch.size";
			}
		}

	}

}
