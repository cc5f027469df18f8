package io.github.kinetic.listener;

/**
 * A listener call that failed on the record at {@link #failedIndex()} of a batch: records
 * before it were processed, that record and those after it were not.
 */
final class ListenerInvocationException extends Exception {

	private final int failedIndex;

	ListenerInvocationException(int failedIndex, Throwable cause) {
		super(cause.getMessage(), cause);
		this.failedIndex = failedIndex;
	}

	int failedIndex() {
		return this.failedIndex;
	}

}
