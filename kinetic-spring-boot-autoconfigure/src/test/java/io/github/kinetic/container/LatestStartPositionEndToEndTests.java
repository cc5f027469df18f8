package io.github.kinetic.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.github.kinetic.test.AwsTestClients;
import io.github.kinetic.test.CollectingListener;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default {@code latest} start position, with real KCL against the emulators: it
 * means the instant the container starts, not the moment KCL first reads a shard.
 */
class LatestStartPositionEndToEndTests {

	private static final AwsTestClients aws = AwsTestClients.shared();

	@Test
	void deliversEverythingWrittenFromStartAndNothingBefore() throws Exception {
		String stream = KineticTestApplications.uniqueName("latest");
		String application = KineticTestApplications.uniqueName("app");
		aws.createStream(stream, 2);
		aws.putRecords(stream, IntStream.range(0, 8).mapToObj((i) -> "before-" + i).toList());
		AtomicBoolean writing = new AtomicBoolean(true);
		List<String> written = new ArrayList<>();
		try (ConfigurableApplicationContext context = KineticTestApplications.run(CollectingListenerApplication.class,
				Map.of("kinetic.application-name", application, "kinetic.streams[0].name", stream))) {
			List<String> received = context.getBean(CollectingListener.class).received;
			// written from the moment start() returned, while KCL is still assigning
			// leases
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				for (int batch = 0; writing.get(); batch++) {
					List<String> payloads = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						payloads.add("after-" + batch + "-" + i);
					}
					aws.putRecords(stream, payloads);
					synchronized (written) {
						written.addAll(payloads);
					}
					sleep(200);
				}
			});
			await().atMost(Duration.ofMinutes(2)).until(() -> !received.isEmpty());
			writing.set(false);
			writer.get();
			await().atMost(Duration.ofSeconds(30)).until(() -> received.containsAll(written));
			assertThat(received).noneMatch((payload) -> payload.startsWith("before-"));
			assertThat(written).hasSizeGreaterThan(4);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
