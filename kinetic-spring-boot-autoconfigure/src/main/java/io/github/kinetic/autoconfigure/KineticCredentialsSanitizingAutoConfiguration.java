package io.github.kinetic.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks kinetic's AWS secret access key and session token in the {@code configprops} and
 * {@code env} actuator endpoints, including when
 * {@code management.endpoint.*.show-values} lets other values through.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class KineticCredentialsSanitizingAutoConfiguration {

	KineticCredentialsSanitizingAutoConfiguration() {
	}

	@Bean
	SanitizingFunction kineticCredentialsSanitizingFunction() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(KineticCredentialsSanitizingAutoConfiguration::isSecret);
	}

	/**
	 * Whether a key names the secret half of kinetic's credentials, in any of the forms
	 * the endpoints show: {@code kinetic.creds.secret-access-key},
	 * {@code KINETIC_CREDS_SECRETACCESSKEY}, or {@code secretAccessKey} under the
	 * {@code kinetic} prefix.
	 */
	static boolean isSecret(String key) {
		String normalized = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return normalized.endsWith("secretaccesskey") || normalized.endsWith("sessiontoken");
	}

}
