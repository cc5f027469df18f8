package io.github.kinetic.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the consumer of one or more configured Kinesis streams.
 * <p>
 * The listening mode follows the payload parameter: a {@code List} of
 * {@code KinesisClientRecord}, {@code String}, {@code byte[]} or a type read from JSON
 * with the application's Jackson mapper receives each batch that KCL hands a shard's
 * processor; the same types without the {@code List} receive one record at a time, in
 * shard order (in the order of each partition key with a {@link #concurrency()} above 1).
 * An optional second parameter, {@code KinesisBatchContext} for a batch listener or
 * {@code KinesisRecordContext} for a single-record listener, tells where the records come
 * from and, in {@code MANUAL} checkpoint mode, lets the listener checkpoint.
 * <p>
 * When the method throws, nothing from the failed record on is checkpointed: the records
 * are delivered again after a back-off, while the shard waits, until the listener
 * succeeds or, after {@code kinetic.listener.back-off.max-attempts} deliveries, a
 * recoverer (a {@code KinesisRecordRecoverer} bean or
 * {@code kinetic.listener.dead-letter.stream}) takes the record. A batch listener throws
 * {@code BatchListenerFailedException} to name the record it failed on. Records whose
 * data cannot be converted go to the recoverer at once. Without a recoverer, failing
 * records are retried until they succeed; they are never skipped, unless a maximum record
 * age is set ({@link #maxRecordAge()}) and they pass it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KinesisListener {

	/**
	 * The id of this listener, to look it up in the
	 * {@code KinesisListenerEndpointRegistry}; defaults to the bean name and method name.
	 * Property placeholders are resolved.
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

	/**
	 * The application name (consumer group) this listener consumes as; empty means
	 * {@code kinetic.application-name}. Each distinct application name gets its own KCL
	 * scheduler and lease table, so two listeners of one stream with different
	 * application names each get every record. Property placeholders are resolved.
	 * @return the application name
	 */
	String applicationName() default "";

	/**
	 * Whether the listener's streams are consumed when the application starts: "true"
	 * (the default) or "false", after resolving property placeholders. A listener that
	 * does not start automatically is started through its {@code KinesisListenerHandle}.
	 * @return whether the listener starts with the application
	 */
	String autoStartup() default "";

	/**
	 * When this listener's progress is checkpointed: "BATCH", "RECORD", "MANUAL" or
	 * "PERIODIC" (see {@code CheckpointMode}), after resolving property placeholders;
	 * empty means {@code kinetic.listener.checkpoint-mode}.
	 * @return the checkpoint mode
	 */
	String checkpointMode() default "";

	/**
	 * Deliveries of a failing record, the first included, before the recoverer takes it,
	 * after resolving property placeholders; empty means
	 * {@code kinetic.listener.back-off.max-attempts}.
	 * @return the attempts
	 */
	String maxAttempts() default "";

	/**
	 * The wait before the first retry of a failed record, such as "100ms", "2s" or
	 * "PT1S", after resolving property placeholders; empty means
	 * {@code kinetic.listener.back-off.initial-interval}.
	 * @return the initial back-off
	 */
	String backOffInitialInterval() default "";

	/**
	 * The factor by which the wait grows after each failed retry, such as "1.5", after
	 * resolving property placeholders; empty means
	 * {@code kinetic.listener.back-off.multiplier}.
	 * @return the back-off multiplier
	 */
	String backOffMultiplier() default "";

	/**
	 * The longest wait between two retries, such as "10s", after resolving property
	 * placeholders; empty means {@code kinetic.listener.back-off.max-interval}.
	 * @return the longest back-off
	 */
	String backOffMaxInterval() default "";

	/**
	 * The name of the {@code KinesisRecordRecoverer} bean that takes this listener's
	 * records once their attempts are used up, after resolving property placeholders;
	 * empty means {@link #deadLetterStream()} or the application's recoverer.
	 * @return the recoverer bean name
	 */
	String recoverer() default "";

	/**
	 * The Kinesis stream this listener's records are published to once their attempts are
	 * used up, after resolving property placeholders; empty means {@link #recoverer()} or
	 * the application's recoverer ({@code kinetic.listener.dead-letter.stream}).
	 * @return the dead-letter stream
	 */
	String deadLetterStream() default "";

	/**
	 * The age, by approximate arrival timestamp, past which a record due for delivery or
	 * for a retry is not given to this listener, such as "10m" or "PT1H", after resolving
	 * property placeholders: the recoverer takes it as expired or, without a recoverer,
	 * it is skipped and counted. Empty means {@code kinetic.listener.max-record-age}
	 * (unset by default: records of any age are delivered).
	 * @return the maximum record age
	 */
	String maxRecordAge() default "";

	/**
	 * The name of the {@code KinesisRecordFilter} bean that decides which records reach
	 * this listener, after resolving property placeholders; empty means the application's
	 * only filter bean, if there is one. Records it does not accept count as processed
	 * and are checkpointed.
	 * @return the filter bean name
	 */
	String filter() default "";

	/**
	 * How many partition keys of one shard this listener processes at once, such as "8",
	 * after resolving property placeholders: each key's records are delivered in order,
	 * on threads named {@code kinetic-<id>-<n>}, and the checkpoint only moves past
	 * records of every key that are processed or recovered. Empty means
	 * {@code kinetic.listener.concurrency} (1 by default: a shard's records one after the
	 * other on KCL's thread). Cannot be combined with the MANUAL checkpoint mode.
	 * @return the number of keys processed at once per shard
	 */
	String concurrency() default "";

	/**
	 * Whether a batch this listener fails on without naming the failing record (no
	 * {@code BatchListenerFailedException}) is split in halves and delivered again, down
	 * to the failing record, which alone then uses up the attempts: "true" or "false",
	 * after resolving property placeholders. Empty means
	 * {@code kinetic.listener.bisect-on-failure} (false by default).
	 * @return whether failing batches are bisected
	 */
	String bisectOnFailure() default "";

}
