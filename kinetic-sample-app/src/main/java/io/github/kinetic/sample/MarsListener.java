package io.github.kinetic.sample;

import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.annotation.KinesisListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Receives Mars messages as text, one record at a time.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Component
public class MarsListener {

	private static final Logger logger = LoggerFactory.getLogger(MarsListener.class);

	private final AtomicLong received = new AtomicLong();

	@KinesisListener(streams = "${sample.streams.mars}")
	void onMars(String message) {
		long total = this.received.incrementAndGet();
		logger.info("Mars: received '{}' (total {})", message, total);
	}

	/**
	 * Return how many messages this listener has received.
	 * @return the number of messages
	 */
	public long receivedMessages() {
		return this.received.get();
	}

}
