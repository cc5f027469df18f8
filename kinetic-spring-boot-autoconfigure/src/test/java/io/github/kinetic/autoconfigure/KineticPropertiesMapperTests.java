package io.github.kinetic.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import io.github.kinetic.autoconfigure.KineticProperties.StartPosition;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ConsumerSettings.RetrievalMode;
import io.github.kinetic.settings.StreamSettings;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link KineticPropertiesMapper}.
 */
class KineticPropertiesMapperTests {

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private final KineticPropertiesMapper mapper = new KineticPropertiesMapper(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void resolvesRelativeTimestampAgainstClock() {
		KineticProperties properties = properties("orders");
		atTimestamp(properties.getStreams().get(0), "-P1D");
		InitialPositionInStreamExtended startFrom = startFrom(this.mapper.map(properties));
		assertThat(startFrom.getInitialPositionInStream()).isEqualTo(InitialPositionInStream.AT_TIMESTAMP);
		assertThat(startFrom.getTimestamp()).isEqualTo(Date.from(Instant.parse("2026-03-09T12:00:00Z")));
	}

	@Test
	void resolvesRelativeTimestampInHours() {
		KineticProperties properties = properties("orders");
		atTimestamp(properties.getStreams().get(0), "-PT2H30M");
		assertThat(startFrom(this.mapper.map(properties)).getTimestamp())
			.isEqualTo(Date.from(NOW.minus(Duration.ofMinutes(150))));
	}

	@Test
	void readsIsoInstantTimestamp() {
		KineticProperties properties = properties("orders");
		atTimestamp(properties.getStreams().get(0), " 2025-11-25T10:15:30Z ");
		InitialPositionInStreamExtended startFrom = startFrom(this.mapper.map(properties));
		assertThat(startFrom.getInitialPositionInStream()).isEqualTo(InitialPositionInStream.AT_TIMESTAMP);
		assertThat(startFrom.getTimestamp()).isEqualTo(Date.from(Instant.parse("2025-11-25T10:15:30Z")));
	}

	@Test
	void mapsTrimHorizon() {
		KineticProperties properties = properties("orders");
		properties.getStreams().get(0).getStartFrom().setPosition(StartPosition.TRIM_HORIZON);
		InitialPositionInStreamExtended startFrom = startFrom(this.mapper.map(properties));
		assertThat(startFrom.getInitialPositionInStream()).isEqualTo(InitialPositionInStream.TRIM_HORIZON);
		assertThat(startFrom.getTimestamp()).isNull();
	}

	@Test
	void startsFromLatestByDefault() {
		InitialPositionInStreamExtended startFrom = startFrom(this.mapper.map(properties("orders")));
		assertThat(startFrom.getInitialPositionInStream()).isEqualTo(InitialPositionInStream.LATEST);
		assertThat(startFrom.getTimestamp()).isNull();
	}

	@Test
	void latestStartsFromTheContainerStart() {
		StreamSettings stream = this.mapper.map(properties("orders")).streams().named("orders");
		assertThat(stream.latestFromContainerStart()).isTrue();
		assertThat(stream.startFrom().getInitialPositionInStream()).isEqualTo(InitialPositionInStream.LATEST);
	}

	@Test
	void latestAtLeaseKeepsKclLatest() {
		KineticProperties properties = properties("orders");
		properties.getStreams().get(0).getStartFrom().setPosition(StartPosition.LATEST_AT_LEASE);
		StreamSettings stream = this.mapper.map(properties).streams().named("orders");
		assertThat(stream.latestFromContainerStart()).isFalse();
		assertThat(stream.startFrom().getInitialPositionInStream()).isEqualTo(InitialPositionInStream.LATEST);
	}

	@Test
	void mapsStartPositionOfEachStream() {
		KineticProperties properties = properties("orders", "payments");
		properties.getStreams().get(1).getStartFrom().setPosition(StartPosition.TRIM_HORIZON);
		ConsumerSettings settings = this.mapper.map(properties);
		assertThat(settings.streams().named("orders").startFrom().getInitialPositionInStream())
			.isEqualTo(InitialPositionInStream.LATEST);
		assertThat(settings.streams().named("payments").startFrom().getInitialPositionInStream())
			.isEqualTo(InitialPositionInStream.TRIM_HORIZON);
	}

	@Test
	void oneStreamImpliesSingleStreamMode() {
		assertThat(this.mapper.map(properties("orders")).multiStream()).isFalse();
	}

	@Test
	void twoStreamsImplyMultiStreamMode() {
		ConsumerSettings settings = this.mapper.map(properties("orders", "payments"));
		assertThat(settings.multiStream()).isTrue();
		assertThat(settings.streams().all()).extracting(StreamSettings::name).containsExactly("orders", "payments");
	}

	@Test
	void explicitMultiStreamModeWithOneStream() {
		KineticProperties properties = properties("orders");
		properties.setMultiStream(true);
		ConsumerSettings settings = this.mapper.map(properties);
		assertThat(settings.multiStream()).isTrue();
		assertThat(settings.streams().all()).extracting(StreamSettings::name).containsExactly("orders");
	}

	@Test
	void refusesSingleStreamModeWithTwoStreams() {
		KineticProperties properties = properties("orders", "payments");
		properties.setMultiStream(false);
		assertThatExceptionOfType(InvalidKineticPropertyException.class).isThrownBy(() -> this.mapper.map(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("kinetic.multi-stream"));
	}

	@Test
	void usesConfiguredWorkerId() {
		KineticProperties properties = properties("orders");
		properties.setWorkerId("worker-7");
		assertThat(this.mapper.map(properties).workerId()).isEqualTo("worker-7");
	}

	@Test
	void generatesDistinctWorkerIdsByDefault() {
		KineticProperties properties = properties("orders");
		String first = this.mapper.map(properties).workerId();
		String second = this.mapper.map(properties).workerId();
		assertThat(first).isNotBlank();
		assertThat(second).isNotBlank().isNotEqualTo(first);
	}

	@Test
	void pollsByDefault() {
		ConsumerSettings settings = this.mapper.map(properties("orders"));
		assertThat(settings.reading().mode()).isEqualTo(RetrievalMode.POLLING);
		assertThat(settings.reading().consumerName()).isEqualTo("orders-app");
	}

	@Test
	void namesTheFanOutConsumerAfterTheApplicationByDefault() {
		KineticProperties properties = properties("orders");
		properties.getRetrieval().setMode(RetrievalMode.FAN_OUT);
		ConsumerSettings settings = this.mapper.map(properties);
		assertThat(settings.reading().mode()).isEqualTo(RetrievalMode.FAN_OUT);
		assertThat(settings.reading().consumerName()).isEqualTo("orders-app");
	}

	@Test
	void usesConfiguredConsumerName() {
		KineticProperties properties = properties("orders");
		properties.getRetrieval().setMode(RetrievalMode.FAN_OUT);
		properties.getRetrieval().setConsumerName("orders-reader.v2");
		assertThat(this.mapper.map(properties).reading().consumerName()).isEqualTo("orders-reader.v2");
	}

	@Test
	void refusesAConsumerNameKinesisWouldRefuse() {
		KineticProperties properties = properties("orders");
		properties.getRetrieval().setMode(RetrievalMode.FAN_OUT);
		properties.getRetrieval().setConsumerName("orders reader");
		assertThatExceptionOfType(InvalidKineticPropertyException.class).isThrownBy(() -> this.mapper.map(properties))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("kinetic.retrieval.consumer-name");
				assertThat(ex.getReason()).contains("'orders reader'");
			});
	}

	@Test
	void namesTheApplicationWhenItsNameCannotNameTheFanOutConsumer() {
		KineticProperties properties = properties("orders");
		properties.setApplicationName("x".repeat(129));
		properties.getRetrieval().setMode(RetrievalMode.FAN_OUT);
		assertThatExceptionOfType(InvalidKineticPropertyException.class).isThrownBy(() -> this.mapper.map(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("kinetic.application-name"));
	}

	private static KineticProperties properties(String... streams) {
		KineticProperties properties = new KineticProperties();
		properties.setApplicationName("orders-app");
		for (String name : streams) {
			KineticProperties.Stream stream = new KineticProperties.Stream();
			stream.setName(name);
			properties.getStreams().add(stream);
		}
		return properties;
	}

	private static void atTimestamp(KineticProperties.Stream stream, String timestamp) {
		stream.getStartFrom().setPosition(StartPosition.AT_TIMESTAMP);
		stream.getStartFrom().setTimestamp(timestamp);
	}

	private static InitialPositionInStreamExtended startFrom(ConsumerSettings settings) {
		assertThat(settings.streams().all()).hasSize(1);
		return settings.streams().all().get(0).startFrom();
	}

}
