package io.github.kinetic.test;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared emulators, installed from this module's resources, with their own clients.
 */
class LocalAwsEmulatorsTests {

	private final LocalAwsEmulators emulators = LocalAwsEmulators.shared();

	@Test
	void sharedEmulatorsAreOnePairOnFreePorts() {
		assertThat(LocalAwsEmulators.shared()).isSameAs(this.emulators);
		assertThat(this.emulators.kinesisEndpoint().getPort())
			.isNotEqualTo(this.emulators.dynamoDbEndpoint().getPort());
		assertThat(this.emulators.dynamoDbClient().listTables().join().tableNames()).isNotNull();
	}

	@Test
	void createStreamsLeavesAnExistingStreamAsItIs() {
		String name = "orders-" + UUID.randomUUID();
		this.emulators.createStreams(2, name);
		this.emulators.createStreams(3, name);
		StreamDescriptionSummary summary = this.emulators.kinesisClient()
			.describeStreamSummary((request) -> request.streamName(name))
			.join()
			.streamDescriptionSummary();
		assertThat(summary.openShardCount()).isEqualTo(2);
	}

	@Test
	void streamsMayHoldFarMoreThanTheEmulatorsDefaultShardLimit() {
		// kinesis-local refuses a 51st shard unless SHARD_LIMIT raises its limit
		String prefix = "many-" + UUID.randomUUID() + "-";
		List<String> names = IntStream.range(0, 3).mapToObj((i) -> prefix + i).toList();
		this.emulators.createStreams(30, names.toArray(String[]::new));
		assertThat(names).allSatisfy((name) -> assertThat(this.emulators.kinesisClient()
			.describeStreamSummary((request) -> request.streamName(name))
			.join()
			.streamDescriptionSummary()
			.openShardCount()).isEqualTo(30));
	}

	@Test
	void createStreamsRefusesNoShards() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulators.createStreams(0, "none"))
			.withMessageContaining("shards");
	}

}
