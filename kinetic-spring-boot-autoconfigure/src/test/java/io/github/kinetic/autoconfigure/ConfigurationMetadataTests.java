package io.github.kinetic.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata the build generates and merges with
 * {@code META-INF/additional-spring-configuration-metadata.json}: what IDEs offer.
 */
class ConfigurationMetadataTests {

	private static final String FIRST_STREAM = "kinetic.streams[0]";

	// values of SDK enums that no one can set
	private static final List<String> UNSETTABLE = List.of("unknown-to-sdk-version");

	private final JsonNode metadata = read();

	@Test
	void hintsEveryValueOfEveryEnumPropertyWithADescription() {
		Map<String, Class<?>> enumProperties = new LinkedHashMap<>();
		for (JsonNode property : this.metadata.get("properties")) {
			String name = property.get("name").asString();
			Class<?> type = type(property);
			if (name.startsWith("kinetic.") && type != null && type.isEnum()) {
				enumProperties.put(name, type);
			}
		}
		assertThat(enumProperties).containsKeys("kinetic.retrieval.mode", "kinetic.listener.checkpoint-mode",
				"kinetic.startup-failure", "kinetic.missing-streams.policy", FIRST_STREAM + ".start-from.position");
		enumProperties.forEach((name, type) -> {
			JsonNode hint = hint(name);
			assertThat(hint).as("hints of %s", name).isNotNull();
			List<String> hinted = new ArrayList<>();
			for (JsonNode value : hint.get("values")) {
				hinted.add(value.get("value").asString());
				assertThat(value.has("description")).as("description of %s=%s", name, value.get("value")).isTrue();
			}
			List<String> expected = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase().replace('_', '-'))
				.filter((value) -> !UNSETTABLE.contains(value))
				.toList();
			assertThat(hinted).as("hinted values of %s", name).containsExactlyInAnyOrderElementsOf(expected);
		});
	}

	@Test
	void describesEveryPropertyOfAStreamUnderItsFirstIndex() {
		List<String> expected = new ArrayList<>();
		collect(KineticProperties.Stream.class, FIRST_STREAM, expected);
		assertThat(expected).contains(FIRST_STREAM + ".name", FIRST_STREAM + ".start-from.position");
		for (String name : expected) {
			JsonNode property = property(name);
			assertThat(property).as("metadata of %s", name).isNotNull();
			assertThat(property.get("description").asString()).as("description of %s", name).isNotBlank();
		}
	}

	private static void collect(Class<?> type, String prefix, List<String> names) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + "." + kebab(field.getName());
			if (field.getType().getDeclaringClass() == KineticProperties.class && !field.getType().isEnum()) {
				collect(field.getType(), name, names);
			}
			else {
				names.add(name);
			}
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private JsonNode property(String name) {
		return find("properties", name);
	}

	private JsonNode hint(String name) {
		return find("hints", name);
	}

	private JsonNode find(String section, String name) {
		return StreamSupport.stream(this.metadata.get(section).spliterator(), false)
			.filter((item) -> item.get("name").asString().equals(name))
			.findFirst()
			.orElse(null);
	}

	private static Class<?> type(JsonNode property) {
		JsonNode type = property.get("type");
		if (type == null || type.asString().contains("<")) {
			return null;
		}
		try {
			return ClassUtils.forName(type.asString(), ConfigurationMetadataTests.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	// the build's own output, not a metadata file of a dependency on the classpath
	private static JsonNode read() {
		Path metadata = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");
		assertThat(metadata).as("generated configuration metadata").isRegularFile();
		try (InputStream content = Files.newInputStream(metadata)) {
			return JsonMapper.builder().build().readTree(content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
