package io.github.kinetic.listener.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.kinetic.listener.PayloadConversionException;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DefaultPayloadConverter}.
 */
class DefaultPayloadConverterTests {

	private final DefaultPayloadConverter rawConverter = new DefaultPayloadConverter(null);

	private final DefaultPayloadConverter jsonConverter = new DefaultPayloadConverter(
			new JacksonPayloadConverter(JsonMapper.builder().build()));

	@Test
	void readsStringWithoutMovingBufferPosition() {
		KinesisClientRecord record = record("h\u00e9llo \u6f22");
		assertThat(this.rawConverter.convert(record, String.class)).isEqualTo("h\u00e9llo \u6f22");
		assertThat(record.data().position()).isZero();
		assertThat(this.rawConverter.convert(record, String.class)).isEqualTo("h\u00e9llo \u6f22");
	}

	@Test
	void refusesDataThatIsNotUtf8ForString() {
		// a lone continuation byte, an overlong encoding, an encoded surrogate and a
		// truncated sequence: none may reach the listener replaced by U+FFFD
		for (byte[] data : new byte[][] { { 'a', (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF },
				{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { 'a', (byte) 0xE6, (byte) 0xBC } }) {
			KinesisClientRecord record = record(data);
			assertThatExceptionOfType(PayloadConversionException.class)
				.isThrownBy(() -> this.rawConverter.convert(record, String.class))
				.withMessage("Cannot read record 1 as a String: its data is not valid UTF-8");
			assertThat(record.data().position()).isZero();
		}
	}

	@Test
	void readsReplacementCharacterThatWasSentForString() {
		KinesisClientRecord record = record("a\uFFFDb");
		assertThat(this.rawConverter.convert(record, String.class)).isEqualTo("a\uFFFDb");
	}

	@Test
	void readsBytesWithoutMovingBufferPosition() {
		KinesisClientRecord record = record("payload");
		assertThat((byte[]) this.rawConverter.convert(record, byte[].class)).isEqualTo(utf8("payload"));
		assertThat(record.data().position()).isZero();
		assertThat((byte[]) this.rawConverter.convert(record, byte[].class)).isEqualTo(utf8("payload"));
	}

	@Test
	void readsByteBufferThatDoesNotShareItsPosition() {
		KinesisClientRecord record = record("payload");
		ByteBuffer first = (ByteBuffer) this.rawConverter.convert(record, ByteBuffer.class);
		byte[] read = new byte[first.remaining()];
		first.get(read);
		assertThat(read).isEqualTo(utf8("payload"));
		assertThat(first.isReadOnly()).isTrue();
		assertThat(record.data().position()).isZero();
		ByteBuffer second = (ByteBuffer) this.rawConverter.convert(record, ByteBuffer.class);
		assertThat(second.remaining()).isEqualTo(utf8("payload").length);
	}

	@Test
	void readsJsonWithoutMovingBufferPosition() {
		KinesisClientRecord record = record("{\"id\":\"o-1\",\"quantity\":2}");
		assertThat(this.jsonConverter.convert(record, Order.class)).isEqualTo(new Order("o-1", 2));
		assertThat(record.data().position()).isZero();
		assertThat(this.jsonConverter.convert(record, Order.class)).isEqualTo(new Order("o-1", 2));
	}

	@Test
	void retriedBatchReadsTheSameBytesWhateverTheTypeRead() {
		KinesisClientRecord record = record("{\"id\":\"o-1\",\"quantity\":2}");
		this.jsonConverter.convert(record, byte[].class);
		this.jsonConverter.convert(record, ByteBuffer.class);
		this.jsonConverter.convert(record, Order.class);
		assertThat(this.jsonConverter.convert(record, String.class)).isEqualTo("{\"id\":\"o-1\",\"quantity\":2}");
	}

	@Test
	void readsOnlyTheRemainingBytesOfTheBuffer() {
		byte[] bytes = utf8("xxpayloadyy");
		KinesisClientRecord record = KinesisClientRecord.builder()
			.data(ByteBuffer.wrap(bytes, 2, 7))
			.sequenceNumber("1")
			.partitionKey("k")
			.build();
		assertThat(this.rawConverter.convert(record, String.class)).isEqualTo("payload");
		assertThat(record.data().position()).isEqualTo(2);
	}

	@Test
	void returnsTheRecordItselfForKinesisClientRecord() {
		KinesisClientRecord record = record("payload");
		assertThat(this.rawConverter.convert(record, KinesisClientRecord.class)).isSameAs(record);
	}

	@Test
	void canConvertRawTypesWithoutJsonConverter() {
		assertThat(this.rawConverter.canConvert(String.class)).isTrue();
		assertThat(this.rawConverter.canConvert(byte[].class)).isTrue();
		assertThat(this.rawConverter.canConvert(ByteBuffer.class)).isTrue();
		assertThat(this.rawConverter.canConvert(KinesisClientRecord.class)).isTrue();
	}

	@Test
	void cannotConvertOtherTypesWithoutJsonConverter() {
		assertThat(this.rawConverter.canConvert(Order.class)).isFalse();
		KinesisClientRecord record = record("{\"id\":\"o-1\",\"quantity\":2}");
		assertThatExceptionOfType(PayloadConversionException.class)
			.isThrownBy(() -> this.rawConverter.convert(record, Order.class))
			.withMessageContaining(Order.class.getTypeName())
			.withMessageContaining("no JSON library");
	}

	@Test
	void handsOtherTypesToJsonConverter() {
		assertThat(this.jsonConverter.canConvert(Order.class)).isTrue();
		assertThat(this.jsonConverter.convert(record("{\"id\":\"o-1\",\"quantity\":2}"), Order.class))
			.isEqualTo(new Order("o-1", 2));
	}

	@Test
	void reportsUnreadableJson() {
		KinesisClientRecord record = record("not json");
		assertThatExceptionOfType(PayloadConversionException.class)
			.isThrownBy(() -> this.jsonConverter.convert(record, Order.class))
			.withMessageStartingWith("Cannot read record 1 as JSON " + Order.class.getTypeName());
	}

	private static KinesisClientRecord record(String data) {
		return record(utf8(data));
	}

	private static KinesisClientRecord record(byte[] data) {
		return KinesisClientRecord.builder().data(ByteBuffer.wrap(data)).sequenceNumber("1").partitionKey("k").build();
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	record Order(String id, int quantity) {

	}

}
