package io.github.kinetic.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Consumes Pluto readings and Mars messages from Kinesis and, unless
 * {@code sample.producer.enabled=false}, produces some of its own.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
