package io.github.kinetic.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the Spring test context of the annotated class against local Kinesis and DynamoDB
 * emulators ({@code kinesis-local} and {@code dynalite}, run by Node.js: no Docker, no
 * AWS account). The emulators start once per JVM on free ports and stop after it; the
 * named streams are created before the context starts, and kinetic's clients get the
 * emulators' endpoints, region and credentials as their connection details, over any
 * {@code kinetic.*} connection property.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;EmbeddedKinesis(streams = "orders", shards = 2)
 * class OrdersListenerTests { ... }
 * </pre>
 *
 * A test reaches the emulators, their endpoints and clients with
 * {@link LocalAwsEmulators#shared()}, or by injecting the {@link LocalAwsEmulators} bean.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedKinesis {

	/**
	 * Streams to create, if they do not exist yet.
	 * @return the stream names
	 */
	String[] streams() default {};

	/**
	 * Shard count of each stream created.
	 * @return the shard count
	 */
	int shards() default 1;

}
