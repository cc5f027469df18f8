package io.github.kinetic.listener;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a batch listener to say which record of the batch it failed on. The records
 * before it count as processed and are checkpointed (unless the listener is in
 * {@link CheckpointMode#MANUAL} mode); delivery resumes from the failed record after the
 * back-off, and a recoverer, once the attempts are used up, takes that record alone.
 * <p>
 * Any other exception from a batch listener fails the whole rest of the batch.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class BatchListenerFailedException extends RuntimeException {

	private final int index;

	/**
	 * Create an exception.
	 * @param index the index of the failed record in the list the listener received
	 * @param cause why it failed
	 */
	public BatchListenerFailedException(int index, @Nullable Throwable cause) {
		this("Batch listener failed at index " + index, index, cause);
	}

	/**
	 * Create an exception.
	 * @param message the detail message
	 * @param index the index of the failed record in the list the listener received
	 * @param cause why it failed, or {@code null}
	 */
	public BatchListenerFailedException(String message, int index, @Nullable Throwable cause) {
		super(message, cause);
		this.index = index;
	}

	/**
	 * Return the index of the failed record in the list the listener received.
	 * @return the index
	 */
	public int getIndex() {
		return this.index;
	}

}
