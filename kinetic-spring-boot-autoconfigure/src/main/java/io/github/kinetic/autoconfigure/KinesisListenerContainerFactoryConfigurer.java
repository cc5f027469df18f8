package io.github.kinetic.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.kinetic.container.KinesisListenerContainerFactory;
import io.github.kinetic.listener.KinesisRecordFilter;
import io.github.kinetic.listener.KinesisSchedulerCustomizer;
import io.github.kinetic.listener.ListenerObserver;
import io.github.kinetic.listener.PayloadConverter;
import io.github.kinetic.observation.ListenerCallScope;
import io.github.kinetic.settings.ConsumerSettings;
import io.github.kinetic.settings.KinesisClients;
import io.github.kinetic.settings.ListenerSettings;
import io.github.kinetic.settings.ConsumerSettings.StartupFailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * Configures a {@link KinesisListenerContainerFactory} the way the auto-configuration
 * does: with the {@code kinetic.*} properties (consumer settings,
 * {@code kinetic.listener.*}, {@code kinetic.startup-failure*}) and the application's
 * converter, recoverer, customizers, observers, record filter and observation scope. A
 * factory defined by the application starts from here and keeps all of that:
 *
 * <pre class="code">
 * &#64;Bean
 * KinesisListenerContainerFactory kinesisListenerContainerFactory(
 *         KinesisListenerContainerFactoryConfigurer configurer) {
 *     KinesisListenerContainerFactory factory = configurer.createFactory();
 *     factory.setIdleEventInterval(Duration.ofMinutes(1));
 *     return factory;
 * }
 * </pre>
 *
 * It lives with the auto-configuration rather than with the factory because it reads the
 * properties, which the container code never sees.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisListenerContainerFactoryConfigurer {

	private final ConsumerSettings settings;

	private final KinesisClients clients;

	private final PayloadConverter payloadConverter;

	private final ListenerSettings listenerSettings;

	private final List<KinesisSchedulerCustomizer> customizers;

	private ListenerObserver listenerObserver = ListenerObserver.NONE;

	private @Nullable KinesisRecordFilter recordFilter;

	private @Nullable Duration idleEventInterval;

	private @Nullable ListenerCallScope listenerCallScope;

	private StartupFailurePolicy startupFailurePolicy = StartupFailurePolicy.STOP;

	private @Nullable BackOff startupRetryBackOff;

	KinesisListenerContainerFactoryConfigurer(ConsumerSettings settings, KinesisClients clients,
			PayloadConverter payloadConverter, ListenerSettings listenerSettings,
			List<KinesisSchedulerCustomizer> customizers) {
		this.settings = settings;
		this.clients = clients;
		this.payloadConverter = payloadConverter;
		this.listenerSettings = listenerSettings;
		this.customizers = List.copyOf(customizers);
	}

	void setListenerObserver(ListenerObserver listenerObserver) {
		this.listenerObserver = listenerObserver;
	}

	void setRecordFilter(@Nullable KinesisRecordFilter recordFilter) {
		this.recordFilter = recordFilter;
	}

	void setIdleEventInterval(@Nullable Duration idleEventInterval) {
		this.idleEventInterval = idleEventInterval;
	}

	void setListenerCallScope(@Nullable ListenerCallScope listenerCallScope) {
		this.listenerCallScope = listenerCallScope;
	}

	void setStartupFailurePolicy(StartupFailurePolicy policy, BackOff retryBackOff) {
		this.startupFailurePolicy = policy;
		this.startupRetryBackOff = retryBackOff;
	}

	/**
	 * Create a factory with the consumer settings, the AWS clients, the payload
	 * converter, the listener settings and the scheduler customizers of the application,
	 * and {@linkplain #configure configure} it.
	 * @return the factory
	 */
	public KinesisListenerContainerFactory createFactory() {
		KinesisListenerContainerFactory factory = new KinesisListenerContainerFactory(this.settings, this.clients,
				this.payloadConverter, this.listenerSettings, this.customizers);
		configure(factory);
		return factory;
	}

	/**
	 * Apply the application's observers, record filter, idle event interval, observation
	 * scope and startup failure policy to a factory built with other constructor
	 * arguments.
	 * @param factory the factory to configure
	 */
	public void configure(KinesisListenerContainerFactory factory) {
		factory.setListenerObserver(this.listenerObserver);
		factory.setRecordFilter(this.recordFilter);
		factory.setIdleEventInterval(this.idleEventInterval);
		if (this.listenerCallScope != null) {
			factory.setListenerCallScope(this.listenerCallScope);
		}
		if (this.startupRetryBackOff != null) {
			factory.setStartupFailurePolicy(this.startupFailurePolicy, this.startupRetryBackOff);
		}
	}

}
