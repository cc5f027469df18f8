package io.github.kinetic.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the consumer of one or more configured Kinesis streams.
 * <p>
 * The listening mode follows the first parameter: a {@code List} of
 * {@code KinesisClientRecord}, {@code String}, {@code byte[]} or a JSON-mapped type
 * receives each batch that KCL hands a shard's processor; the same types without the
 * {@code List} receive one record at a time, in shard order. When the method returns
 * normally the records are checkpointed; when it throws, nothing it failed on is
 * checkpointed and the records are delivered again after a back-off.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KinesisListener {

	/**
	 * The id of this listener; defaults to the bean name and method name.
	 * @return the listener id
	 */
	String id() default "";

	/**
	 * The names of the configured streams this listener consumes; empty means every
	 * configured stream. Property placeholders such as {@code ${app.stream}} are
	 * resolved.
	 * @return the stream names
	 */
	String[] streams() default {};

}
