package io.github.kinetic.test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Creates streams on the Kinesis emulator and waits until they are active: KCL needs a
 * stream to exist when the application starts.
 */
final class StreamCreator {

	private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(30);

	private final KinesisAsyncClient kinesis;

	StreamCreator(KinesisAsyncClient kinesis) {
		this.kinesis = kinesis;
	}

	void create(int shards, String... names) {
		if (shards < 1) {
			throw new IllegalArgumentException("shards must be at least 1, was " + shards);
		}
		for (String name : names) {
			try {
				this.kinesis.createStream((request) -> request.streamName(name).shardCount(shards)).join();
			}
			catch (CompletionException ex) {
				// another test class of the same JVM named it first
				if (!(ex.getCause() instanceof ResourceInUseException)) {
					throw ex;
				}
			}
		}
		for (String name : names) {
			awaitActive(name);
		}
	}

	private void awaitActive(String name) {
		long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			StreamStatus status = this.kinesis.describeStreamSummary((request) -> request.streamName(name))
				.join()
				.streamDescriptionSummary()
				.streamStatus();
			if (status == StreamStatus.ACTIVE) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for stream " + name, ex);
			}
		}
		throw new IllegalStateException(
				"Stream " + name + " did not become active within " + ACTIVE_TIMEOUT.toSeconds() + " s");
	}

}
