package io.github.kinetic.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.kinetic.lifecycle.ContainerLifecycle;
import io.github.kinetic.listener.CheckpointMode;
import io.github.kinetic.listener.InvalidListenerMethodException;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.listener.support.KinesisDeadLetterRecoverer;
import io.github.kinetic.observation.ListenerCallScope;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.ListenerSettings.FailurePolicy;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.ListenerSettings;
import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Creates the {@link KinesisListenerContainer} of each application name (consumer group)
 * from the listeners that consume its streams.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class KinesisListenerContainerFactory implements ApplicationEventPublisherAware {

	private final ConsumerSettings settings;

	private final KinesisClients clients;

	private final PayloadConverter payloadConverter;

	private final ListenerSettings listenerSettings;

	private final List<KinesisSchedulerCustomizer> customizers;

	private ListenerObserver observer = ListenerObserver.NONE;

	private @Nullable KinesisRecordFilter recordFilter;

	private ContainerLifecycle lifecycle = ContainerLifecycle.none();

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private ListenerCallScope callScope = ListenerCallScope.NONE;

	private StartupFailurePolicy startupFailurePolicy = StartupFailurePolicy.STOP;

	private BackOff startupRetryBackOff = defaultStartupRetryBackOff();

	/**
	 * Create a factory.
	 * @param settings the consumer settings
	 * @param clients the AWS clients
	 * @param payloadConverter converts record data to listener parameter types
	 * @param listenerSettings checkpointing and failure handling of listeners
	 * @param customizers customizers of the KCL configuration
	 */
	public KinesisListenerContainerFactory(ConsumerSettings settings, KinesisClients clients,
			PayloadConverter payloadConverter, ListenerSettings listenerSettings,
			List<KinesisSchedulerCustomizer> customizers) {
		this.settings = settings;
		this.clients = clients;
		this.payloadConverter = payloadConverter;
		this.listenerSettings = listenerSettings;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Create a factory whose listeners checkpoint after each batch and retry a failing
	 * record until it succeeds, with no recoverer.
	 * @param settings the consumer settings
	 * @param clients the AWS clients
	 * @param payloadConverter converts record data to listener parameter types
	 * @param backOff the back-off between deliveries of a failed record
	 * @param customizers customizers of the KCL configuration
	 */
	public KinesisListenerContainerFactory(ConsumerSettings settings, KinesisClients clients,
			PayloadConverter payloadConverter, BackOff backOff, List<KinesisSchedulerCustomizer> customizers) {
		this(settings, clients, payloadConverter, new ListenerSettings(CheckpointMode.BATCH, Duration.ofSeconds(10),
				new FailurePolicy(backOff, Integer.MAX_VALUE, null)), customizers);
	}

	/**
	 * Return the settings containers are created with.
	 * @return the consumer settings
	 */
	public ConsumerSettings getSettings() {
		return this.settings;
	}

	/**
	 * Set the observer that containers report record processing to.
	 * @param observer the observer
	 */
	public void setListenerObserver(ListenerObserver observer) {
		this.observer = observer;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
		this.lifecycle = this.lifecycle.publishingTo(eventPublisher);
	}

	/**
	 * Set how long a shard may go without records before a
	 * {@link io.github.kinetic.event.ListenerIdleEvent} is published.
	 * @param idleEventInterval the interval, or {@code null} for no idle events
	 */
	public void setIdleEventInterval(@Nullable Duration idleEventInterval) {
		this.lifecycle = this.lifecycle.withIdleEventInterval(idleEventInterval);
	}

	/**
	 * Set the scope each listener call runs in, such as a Micrometer observation.
	 * @param callScope the scope
	 */
	public void setListenerCallScope(ListenerCallScope callScope) {
		this.callScope = callScope;
	}

	/**
	 * Set what happens when a container cannot start because AWS cannot be reached.
	 * @param policy the policy
	 * @param retryBackOff the back-off between attempts under
	 * {@link StartupFailurePolicy#RETRY}
	 */
	public void setStartupFailurePolicy(StartupFailurePolicy policy, BackOff retryBackOff) {
		this.startupFailurePolicy = policy;
		this.startupRetryBackOff = retryBackOff;
	}

	/**
	 * Return what happens when a container cannot start because AWS cannot be reached.
	 * @return the policy
	 */
	public StartupFailurePolicy getStartupFailurePolicy() {
		return this.startupFailurePolicy;
	}

	ContainerStartup startup(KinesisListenerContainer container) {
		return new ContainerStartup(container, this.startupFailurePolicy, this.startupRetryBackOff);
	}

	private static BackOff defaultStartupRetryBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
		backOff.setMaxInterval(30_000);
		return backOff;
	}

	/**
	 * Return what every container of this factory shares for its lifecycle: events,
	 * paused listeners and shards, and the shards blocked on a record.
	 * @return the lifecycle
	 */
	ContainerLifecycle getLifecycle() {
		return this.lifecycle;
	}

	ApplicationEventPublisher getEventPublisher() {
		return this.eventPublisher;
	}

	/**
	 * Return the checkpointing and failure handling of listeners.
	 * @return the listener settings
	 */
	public ListenerSettings getListenerSettings() {
		return this.listenerSettings;
	}

	/**
	 * Check that the listener method can be served and bind it to these settings.
	 * @param endpoint the endpoint
	 * @return the binding
	 * @throws InvalidListenerMethodException if it cannot be served
	 */
	ListenerBinding bind(KinesisListenerEndpoint endpoint) {
		CheckpointMode mode = (endpoint.checkpointMode() != null) ? endpoint.checkpointMode()
				: this.listenerSettings.checkpointMode();
		FailurePolicy failurePolicy = endpoint.failureSettings()
			.applyTo(this.listenerSettings.failurePolicy(),
					(stream) -> new KinesisDeadLetterRecoverer(this.clients.kinesis(), stream));
		int concurrency = (endpoint.concurrency() != null) ? endpoint.concurrency()
				: this.listenerSettings.concurrency();
		if (concurrency > 1 && mode == CheckpointMode.MANUAL) {
			throw new InvalidListenerMethodException(endpoint.methodDescription(), "has concurrency " + concurrency
					+ " with checkpoint mode MANUAL; a listener checkpointing its own records while other keys of"
					+ " the shard are still in flight would skip them: use concurrency 1 or an automatic mode");
		}
		return new ListenerBinding(
				ListenerMethodInvoker.create(endpoint, this.payloadConverter, mode)
					.callingIn(endpoint.applicationNameOr(this.settings.applicationName()), this.callScope),
				mode, this.listenerSettings.checkpointInterval(), failurePolicy,
				(endpoint.filter() != null) ? endpoint.filter() : this.recordFilter,
				new KeyConcurrency(endpoint.id(), concurrency, this.settings.shutdownTimeout()), this.lifecycle);
	}

	/**
	 * Set the filter of listeners that do not name one.
	 * @param recordFilter the filter, or {@code null} to deliver every record
	 */
	public void setRecordFilter(@Nullable KinesisRecordFilter recordFilter) {
		this.recordFilter = recordFilter;
	}

	/**
	 * Create the container of a consumer group that delivers each stream to its listener.
	 * @param groupSettings the group's settings: application name, streams and lease
	 * tracking mode
	 * @param bindingsByStream the listener of each stream to consume
	 * @return the container, not started
	 */
	KinesisListenerContainer createContainer(ConsumerSettings groupSettings,
			Map<String, ListenerBinding> bindingsByStream) {
		ConsumerSettings consumed = groupSettings.withStreams(groupSettings.streams()
			.all()
			.stream()
			.filter((stream) -> bindingsByStream.containsKey(stream.name()))
			.toList());
		KinesisListenerContainer container = new KinesisListenerContainer(consumed, this.clients, bindingsByStream,
				this.customizers,
				ListenerObserver.composite(List.of(this.lifecycle.blockedShardTracker(), this.observer)));
		container.useLifecycle(this.lifecycle);
		return container;
	}

}
