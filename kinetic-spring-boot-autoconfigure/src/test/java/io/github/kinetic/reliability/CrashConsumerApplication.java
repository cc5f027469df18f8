package io.github.kinetic.reliability;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.github.kinetic.annotation.KinesisListener;
import io.github.kinetic.listener.KinesisRecordContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The consumer that {@link CrashEndToEndTests} and {@link FleetEndToEndTests} run in JVMs
 * of their own and kill: a slow record listener that appends
 * {@code shardId sequenceNumber payload} to a file for every delivery, written through to
 * the operating system before it returns, so that a SIGKILL loses no line of a delivery
 * that completed.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CrashConsumerApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplicationBuilder(CrashConsumerApplication.class)
			.web(WebApplicationType.NONE)
			.build();
		application.run(args);
	}

	@Bean
	DeliveryLog deliveryLog(@Value("${crash.output}") String output, @Value("${crash.delay-ms:2}") long delayMillis)
			throws IOException {
		return new DeliveryLog(new FileOutputStream(output, true), delayMillis);
	}

	static class DeliveryLog {

		private final OutputStream out;

		private final long delayMillis;

		DeliveryLog(OutputStream out, long delayMillis) {
			this.out = out;
			this.delayMillis = delayMillis;
		}

		@KinesisListener
		void onRecord(String payload, KinesisRecordContext context) throws IOException, InterruptedException {
			// slow enough that the kill lands mid-stream
			Thread.sleep(this.delayMillis);
			String line = context.shardId() + " " + context.sequenceNumber() + " " + payload + "\n";
			synchronized (this) {
				this.out.write(line.getBytes(StandardCharsets.UTF_8));
			}
		}

	}

}
