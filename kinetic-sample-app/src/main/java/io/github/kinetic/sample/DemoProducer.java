package io.github.kinetic.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.kinetic.producer.KinesisProducerRecord;
import io.github.kinetic.producer.KinesisSendException;
import io.github.kinetic.producer.KinesisTemplate;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Puts a few JSON readings on the Pluto stream and a few text messages on the Mars stream
 * every {@code sample.producer.interval}, so that the listeners have something to
 * receive. Its schedule ends when the application context closes.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Component
@ConditionalOnProperty(name = "sample.producer.enabled", havingValue = "true", matchIfMissing = true)
public class DemoProducer {

	private static final Logger logger = LoggerFactory.getLogger(DemoProducer.class);

	private final KinesisTemplate template;

	private final String plutoStream;

	private final String marsStream;

	private final int recordsPerRound;

	private final int unreadableEvery;

	private final AtomicLong rounds = new AtomicLong();

	private final AtomicLong sequence = new AtomicLong();

	DemoProducer(KinesisTemplate template, @Value("${sample.streams.pluto}") String plutoStream,
			@Value("${sample.streams.mars}") String marsStream,
			@Value("${sample.producer.records-per-round:3}") int recordsPerRound,
			@Value("${sample.producer.unreadable-every:0}") int unreadableEvery) {
		this.template = template;
		this.plutoStream = plutoStream;
		this.marsStream = marsStream;
		this.recordsPerRound = recordsPerRound;
		this.unreadableEvery = unreadableEvery;
	}

	@Scheduled(initialDelayString = "${sample.producer.interval:2s}",
			fixedDelayString = "${sample.producer.interval:2s}")
	void produce() {
		List<Object> readings = new ArrayList<>();
		List<Object> messages = new ArrayList<>();
		for (int i = 0; i < this.recordsPerRound; i++) {
			long n = this.sequence.incrementAndGet();
			Reading reading = new Reading("new-horizons-" + (n % 2), 40.0 + (n % 7) * 0.5, Instant.now());
			// the template writes it as JSON with the mapper the listener reads with
			readings.add(reading);
			messages.add("hello from curiosity #" + n);
		}
		if (this.unreadableEvery > 0 && this.rounds.incrementAndGet() % this.unreadableEvery == 0) {
			// not JSON: the Pluto listener cannot read it, so it goes to the dead-letter
			// stream
			readings.add("temperature: very cold");
		}
		put(this.plutoStream, readings);
		put(this.marsStream, messages);
	}

	private void put(String stream, List<Object> payloads) {
		List<KinesisProducerRecord> records = payloads.stream()
			.map((payload) -> new KinesisProducerRecord(Integer.toHexString(payload.hashCode()), payload))
			.toList();
		try {
			this.template.sendAll(stream, records);
			logger.info("Sent {} records to {}: {}", records.size(), stream, payloads);
		}
		catch (KinesisSendException ex) {
			// the next round tries again; a stopped demo producer is not worth failing
			// for
			logger.warn("Could not send records to {}: {}", stream, ex.getMessage());
		}
	}

}
