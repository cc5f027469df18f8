package io.github.kinetic.sample;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.annotation.KinesisListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Receives each batch of Pluto readings, read from JSON.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Component
public class PlutoListener {

	private static final Logger logger = LoggerFactory.getLogger(PlutoListener.class);

	private final AtomicLong received = new AtomicLong();

	@KinesisListener(streams = "${sample.streams.pluto}")
	void onPluto(List<Reading> readings) {
		long total = this.received.addAndGet(readings.size());
		logger.info("Pluto: received {} readings (total {}), the last {}", readings.size(), total,
				readings.get(readings.size() - 1));
		logger.debug("Pluto: all readings of the batch: {}", readings);
	}

	/**
	 * Return how many readings this listener has received.
	 * @return the number of readings
	 */
	public long receivedReadings() {
		return this.received.get();
	}

}
