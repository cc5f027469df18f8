package io.github.kinetic.test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An auto-configured application with one {@link CollectingListener}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CollectingListenerApplication {

	@Bean
	CollectingListener collectingListener() {
		return new CollectingListener();
	}

}
