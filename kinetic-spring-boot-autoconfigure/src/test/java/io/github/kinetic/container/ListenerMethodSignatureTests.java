package io.github.kinetic.container;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisBatchContext;
import io.github.kinetic.listener.KinesisRecordContext;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.DefaultPayloadConverter;
import io.github.kinetic.listener.support.JacksonPayloadConverter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ListenerMethodSignature}.
 */
class ListenerMethodSignatureTests {

	private final PayloadConverter converter = new DefaultPayloadConverter(
			new JacksonPayloadConverter(new JsonMapper()));

	@Test
	void readsABatchListenerWithItsContext() {
		ListenerMethodSignature signature = signature("withBatchContext", this.converter, CheckpointMode.MANUAL);
		assertThat(signature.batch()).isTrue();
		assertThat(signature.hasContext()).isTrue();
		assertThat(signature.payloadType().getTypeName()).isEqualTo(Order.class.getName());
	}

	@Test
	void refusesSignaturesItCannotServeNamingTheMethodAndTheAcceptedForms() {
		for (String method : List.of("noParameters", "twoPayloads", "set", "wrongContext", "rawList")) {
			assertThatExceptionOfType(InvalidListenerMethodException.class)
				.isThrownBy(() -> signature(method, this.converter, CheckpointMode.BATCH))
				.withMessageContaining(Listeners.class.getName() + "." + method)
				.withMessageContaining(ListenerMethodSignature.ACCEPTED_FORMS);
		}
	}

	@Test
	void refusesEachUnservableSignatureForItsOwnReason() {
		assertRefused("noParameters", "has 0 parameters");
		assertRefused("twoPayloads", "has 2 parameters");
		assertRefused("rawList", "takes a List without an element type");
		assertRefused("set", "a batch must be a List");
		assertRefused("wrongContext", "is a batch listener but takes a KinesisRecordContext");
	}

	@Test
	void refusesManualModeWithoutAContextParameter() {
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> signature("strings", this.converter, CheckpointMode.MANUAL))
			.withMessageContaining("MANUAL")
			.withMessageContaining("KinesisBatchContext");
	}

	@Test
	void refusesAJsonTypeWhenThePayloadConverterCannotReadJson() {
		PayloadConverter withoutJson = new DefaultPayloadConverter(null);
		for (String name : List.of("orders", "order")) {
			assertThatExceptionOfType(InvalidListenerMethodException.class)
				.isThrownBy(() -> signature(name, withoutJson, CheckpointMode.BATCH))
				.satisfies((ex) -> {
					assertThat(ex.getMethod()).isEqualTo(Listeners.class.getName() + "." + name);
					assertThat(ex.getReason()).contains("which the payload converter cannot produce");
				});
		}
	}

	private void assertRefused(String methodName, String problem) {
		String description = Listeners.class.getName() + "." + methodName;
		assertThatExceptionOfType(InvalidListenerMethodException.class)
			.isThrownBy(() -> signature(methodName, this.converter, CheckpointMode.BATCH))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo(description);
				assertThat(ex.getReason()).contains(problem);
				assertThat(ex.getMessage()).startsWith("@KinesisListener method " + description + ": ")
					.contains(ListenerMethodSignature.ACCEPTED_FORMS);
			});
	}

	private static ListenerMethodSignature signature(String methodName, PayloadConverter converter,
			CheckpointMode mode) {
		Method method = null;
		for (Method candidate : ReflectionUtils.getDeclaredMethods(Listeners.class)) {
			if (candidate.getName().equals(methodName)) {
				method = candidate;
			}
		}
		if (method == null) {
			throw new IllegalArgumentException(methodName);
		}
		return ListenerMethodSignature.of(new KinesisListenerEndpoint(methodName, new Listeners(), method, List.of()),
				converter, mode);
	}

	record Order(String id, int amount) {
	}

	static class Listeners {

		void strings(List<String> batch) {
		}

		void orders(List<Order> orders) {
		}

		void order(Order order) {
		}

		void withBatchContext(List<Order> batch, KinesisBatchContext context) {
		}

		void noParameters() {
		}

		void twoPayloads(String a, String b) {
		}

		void set(Set<String> batch) {
		}

		void wrongContext(List<String> batch, KinesisRecordContext context) {
		}

		@SuppressWarnings("rawtypes")
		void rawList(List batch) {
		}

	}

}
