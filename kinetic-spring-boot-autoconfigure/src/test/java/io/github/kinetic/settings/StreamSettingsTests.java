package io.github.kinetic.settings;

import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamSettings}.
 */
class StreamSettingsTests {

	private static final Instant START = Instant.parse("2026-03-10T12:00:05Z");

	@Test
	void latestFromContainerStartBecomesTheStartInstant() {
		StreamSettings stream = new StreamSettings("orders", position(InitialPositionInStream.LATEST), "token", true);
		StreamSettings resolved = stream.startingAt(START);
		assertThat(resolved.startFrom().getInitialPositionInStream()).isEqualTo(InitialPositionInStream.AT_TIMESTAMP);
		assertThat(resolved.startFrom().getTimestamp()).isEqualTo(Date.from(START));
		assertThat(resolved.resetToken()).isEqualTo("token");
	}

	@Test
	void kclLatestStaysLatest() {
		StreamSettings stream = new StreamSettings("orders", position(InitialPositionInStream.LATEST));
		assertThat(stream.startingAt(START)).isSameAs(stream);
	}

	@Test
	void otherPositionsStayAsConfigured() {
		StreamSettings stream = new StreamSettings("orders", position(InitialPositionInStream.TRIM_HORIZON), null,
				true);
		assertThat(stream.startingAt(START)).isSameAs(stream);
	}

	private static InitialPositionInStreamExtended position(InitialPositionInStream position) {
		return InitialPositionInStreamExtended.newInitialPosition(position);
	}

}
