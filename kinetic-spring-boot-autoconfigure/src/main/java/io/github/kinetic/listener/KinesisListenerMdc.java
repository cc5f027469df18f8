package io.github.kinetic.listener;

/**
 * The MDC keys set while a listener method runs, so that application logs show where the
 * records came from.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisListenerMdc {

	/** The stream name. */
	public static final String STREAM = "kinetic.stream";

	/** The shard id. */
	public static final String SHARD = "kinetic.shard";

	/** The sequence number of the first record of the call. */
	public static final String FIRST_SEQUENCE_NUMBER = "kinetic.firstSequenceNumber";

	/**
	 * The sequence number of the last record of the call; the same as the first for a
	 * single-record listener.
	 */
	public static final String LAST_SEQUENCE_NUMBER = "kinetic.lastSequenceNumber";

	private KinesisListenerMdc() {
	}

}
