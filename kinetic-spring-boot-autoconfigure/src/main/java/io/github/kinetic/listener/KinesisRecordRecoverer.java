package io.github.kinetic.listener;

/**
 * Takes a record a listener keeps failing on, once the configured attempts are used up
 * (or at once when the record cannot be converted), so that the shard can move on.
 * <p>
 * Declare a bean of this type to use it for every listener; it replaces the
 * {@link io.github.kinetic.listener.support.KinesisDeadLetterRecoverer} that
 * {@code kinetic.listener.dead-letter.stream} configures. When it returns, the record
 * counts as processed and may be checkpointed. When it throws, the record is not skipped:
 * delivery is retried after the back-off and the recoverer is asked again. Without any
 * recoverer, a failing record is retried until it succeeds, and each failure is logged.
 * <p>
 * With a maximum record age ({@code kinetic.listener.max-record-age}), the recoverer also
 * takes the records that pass it before they reach the listener; their
 * {@link KinesisFailedRecord#isExpired()} is {@code true}.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface KinesisRecordRecoverer {

	/**
	 * Recover a failed record, for instance by publishing it somewhere else.
	 * @param failed the record and why it failed
	 * @throws Exception if the record could not be recovered; it is then not skipped
	 */
	void recover(KinesisFailedRecord failed) throws Exception;

}
