package io.github.kinetic.sample;

import io.github.kinetic.listener.DefaultPayloadConverter;
import io.github.kinetic.listener.JacksonPayloadConverter;
import io.github.kinetic.listener.PayloadConverter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads JSON payloads with the application's {@link JsonMapper}.
 * <p>
 * A workaround, to be removed: kinetic 0.1.0-SNAPSHOT's auto-configuration registers its
 * raw (no JSON) payload converter before the Jackson one, which then backs off, so a
 * {@code List<Reading>} listener is refused at startup although Jackson is on the
 * classpath.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
class JsonPayloadConfiguration {

	@Bean
	PayloadConverter kinesisPayloadConverter(JsonMapper jsonMapper) {
		return new DefaultPayloadConverter(new JacksonPayloadConverter(jsonMapper));
	}

}
