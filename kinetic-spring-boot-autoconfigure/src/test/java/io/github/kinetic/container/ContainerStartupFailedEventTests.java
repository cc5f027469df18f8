package io.github.kinetic.container;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kinetic.event.ContainerStartupFailedEvent;
import io.github.kinetic.lease.StreamNotFoundException;
import io.github.kinetic.test.CollectingListenerApplication;
import io.github.kinetic.test.KineticTestApplications;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@link ContainerStartupFailedEvent} of a container that cannot start, against the
 * emulators.
 */
class ContainerStartupFailedEventTests {

	@Test
	void publishesTheFailureOfAContainerWhoseStreamDoesNotExistBeforeTheApplicationFails() {
		String stream = KineticTestApplications.uniqueName("absent");
		String application = KineticTestApplications.uniqueName("app");
		List<ContainerStartupFailedEvent> events = new CopyOnWriteArrayList<>();
		Map<String, Object> properties = KineticTestApplications.baseProperties();
		properties.put("kinetic.application-name", application);
		properties.put("kinetic.streams[0].name", stream);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(CollectingListenerApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.listeners((ApplicationListener<ContainerStartupFailedEvent>) events::add);
		assertThatException().isThrownBy(builder::run).havingRootCause().isInstanceOf(StreamNotFoundException.class);
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.getApplicationName()).isEqualTo(application);
			assertThat(event.getStreams()).containsExactly(stream);
			assertThat(event.getFailure()).isInstanceOf(StreamNotFoundException.class);
			assertThat(event.getSource()).isInstanceOf(KinesisListenerContainer.class);
		});
	}

}
