package io.github.kinetic.container;

import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.processor.Checkpointer;
import software.amazon.kinesis.processor.PreparedCheckpointer;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * A checkpointer that writes nothing, so that a benchmark measures the dispatch of
 * records and not the lease table.
 */
final class NoOpCheckpointer implements RecordProcessorCheckpointer {

	@Override
	public void checkpoint() {
	}

	@Override
	public void checkpoint(Record record) {
	}

	@Override
	public void checkpoint(String sequenceNumber) {
	}

	@Override
	public void checkpoint(String sequenceNumber, long subSequenceNumber) {
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint() {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(byte[] applicationState) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(Record record) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(Record record, byte[] applicationState) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(String sequenceNumber) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, byte[] applicationState) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber) {
		throw new UnsupportedOperationException();
	}

	@Override
	public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber,
			byte[] applicationState) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Checkpointer checkpointer() {
		throw new UnsupportedOperationException();
	}

}
