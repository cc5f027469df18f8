package io.github.kinetic.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.annotation.KinesisListener;

/**
 * A batch listener of every configured stream that keeps what it receives, for tests that
 * only need records to flow.
 */
public class CollectingListener {

	/** The records received, in the order of delivery. */
	public final List<String> received = new CopyOnWriteArrayList<>();

	@KinesisListener
	void onBatch(List<String> batch) {
		this.received.addAll(batch);
	}

}
