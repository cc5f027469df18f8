package io.github.kinetic.benchmark;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kinetic.lease.LeaseTables;
import io.github.kinetic.test.KineticTestApplications;
import io.github.kinetic.test.LocalAwsEmulators;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A raw KCL 3 worker as a careful user writes one: a {@link Scheduler} built with
 * {@link ConfigsBuilder}, a new worker id per process as KCL's samples use, a processor
 * that counts, checkpoints after each batch and at shard end, metrics off, the lease
 * table pre-created with its index (dynalite cannot add it later).
 */
final class RawKclWorker implements ConsumerBenchmark.Worker {

	private final KillableAwsClients clients;

	private final Scheduler scheduler;

	private final Thread thread;

	private RawKclWorker(KillableAwsClients clients, Scheduler scheduler) {
		this.clients = clients;
		this.scheduler = scheduler;
		this.thread = new Thread(scheduler, "raw-kcl");
		this.thread.setDaemon(true);
	}

	/**
	 * Build a worker; the lease table is created here, before the clock starts, as the
	 * benchmark always did.
	 */
	static RawKclWorker create(LocalAwsEmulators emulators, String stream, String application, boolean defaults,
			AtomicInteger count, AtomicLong first) throws Exception {
		KillableAwsClients clients = new KillableAwsClients(emulators);
		LeaseTables.createIfMissing(clients.dynamoDb(), application);
		ConfigsBuilder configs = new ConfigsBuilder(
				new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
				application, clients.kinesis(), clients.dynamoDb(), clients.cloudWatch(),
				KineticTestApplications.uniqueName("raw-worker"), () -> new CountingProcessor(count, first));
		PollingConfig polling = new PollingConfig(stream, clients.kinesis());
		// ConfigsBuilder makes a new config at each call: keep the one that is changed
		LeaseManagementConfig leaseManagement = configs.leaseManagementConfig();
		if (!defaults) {
			polling.idleTimeBetweenReadsInMillis(200);
			leaseManagement.failoverTimeMillis(2000);
		}
		Scheduler scheduler = new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leaseManagement,
				configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
				configs.processorConfig(), configs.retrievalConfig().retrievalSpecificConfig(polling));
		return new RawKclWorker(clients, scheduler);
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void stop() throws Exception {
		try {
			this.scheduler.startGracefulShutdown().get();
			this.thread.join(30_000);
		}
		finally {
			this.clients.close();
		}
	}

	@Override
	public void kill() throws Exception {
		// cut off first: whatever the shutdown below tries to write (checkpoints, lease
		// release, the leader lock) fails, as it would in a killed process
		this.clients.kill();
		try {
			this.scheduler.shutdown();
			this.thread.join(30_000);
		}
		finally {
			this.clients.close();
		}
	}

	private static final class CountingProcessor implements ShardRecordProcessor {

		private final AtomicInteger count;

		private final AtomicLong first;

		CountingProcessor(AtomicInteger count, AtomicLong first) {
			this.count = count;
			this.first = first;
		}

		@Override
		public void initialize(InitializationInput input) {
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			if (input.records().isEmpty()) {
				return;
			}
			this.first.compareAndSet(0, System.nanoTime());
			this.count.addAndGet(input.records().size());
			KinesisClientRecord last = input.records().get(input.records().size() - 1);
			try {
				input.checkpointer().checkpoint(last.sequenceNumber(), last.subSequenceNumber());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
			try {
				input.checkpointer().checkpoint();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
		}

	}

}
