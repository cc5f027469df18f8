package io.github.kinetic.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Starts the npm emulators {@code kinesis-local} (Kinesis API) and {@code dynalite}
 * (DynamoDB API) on free ports, installing them with {@code npm ci} on first use.
 * <p>
 * Each emulator runs under {@code run.js}, which exits when this JVM closes its standard
 * input, so no emulator outlives the test run, however the JVM ends.
 */
public final class LocalAwsEmulators implements AutoCloseable {

	/** Region every client of the emulators uses. */
	public static final String REGION = "us-east-1";

	/**
	 * Account the Kinesis emulator serves requests signed with {@link #ACCESS_KEY_ID}
	 * under.
	 */
	public static final String ACCOUNT_ID = "000000000000";

	/** Access key id of the emulators' credentials. */
	public static final String ACCESS_KEY_ID = "kinetic-local";

	/** Secret access key of the emulators' credentials. */
	public static final String SECRET_ACCESS_KEY = "kinetic-local-secret";

	private static LocalAwsEmulators shared;

	private final List<Process> processes = new ArrayList<>();

	private final Map<String, Process> byEmulator = new LinkedHashMap<>();

	private final Path emulatorsDir;

	private final @Nullable Path dataDir;

	private final int kinesisPort;

	private final int kinesisTlsPort;

	private final int dynamoDbPort;

	private final EmulatorClients clients = new EmulatorClients(this);

	private LocalAwsEmulators(Path emulatorsDir, @Nullable Path dataDir) throws IOException {
		this.emulatorsDir = emulatorsDir;
		this.dataDir = dataDir;
		this.kinesisPort = EmulatorPorts.free();
		this.kinesisTlsPort = EmulatorPorts.free();
		this.dynamoDbPort = EmulatorPorts.free();
		try {
			start(emulatorsDir, "kinesis", this.kinesisPort, this.kinesisTlsPort);
			start(emulatorsDir, "dynalite", this.dynamoDbPort);
			EmulatorPorts.awaitListening(this.kinesisPort, this.processes, logs(emulatorsDir));
			EmulatorPorts.awaitListening(this.dynamoDbPort, this.processes, logs(emulatorsDir));
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Return the emulators shared by everything in this JVM, starting them on first use.
	 * They stop once the JVM has exited, when {@code run.js} sees its standard input
	 * close: a shutdown hook would run alongside Spring Boot's and could stop them while
	 * KCL still releases its leases.
	 * @return the shared emulators
	 */
	public static synchronized LocalAwsEmulators shared() {
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	/**
	 * Start a new pair of emulators; the caller closes them.
	 * @return the emulators
	 */
	public static LocalAwsEmulators start() {
		try {
			return new LocalAwsEmulators(EmulatorsInstallation.installed(), null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the local AWS emulators", ex);
		}
	}

	/**
	 * Start a new pair of emulators that keep their data in the given directory, so that
	 * each can be stopped and started again with its streams and tables: dynalite on disk
	 * as it writes; kinesis-local in a snapshot every {@link #KINESIS_PERSIST_INTERVAL}
	 * (what came after the last snapshot is lost when it stops). The caller closes them.
	 * @param dataDir where the data goes
	 * @return the emulators
	 */
	public static LocalAwsEmulators startPersistent(Path dataDir) {
		try {
			return new LocalAwsEmulators(EmulatorsInstallation.installed(), dataDir.toAbsolutePath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the local AWS emulators", ex);
		}
	}

	/** How often a persistent Kinesis emulator writes its snapshot. */
	public static final Duration KINESIS_PERSIST_INTERVAL = Duration.ofMillis(500);

	/**
	 * Stop the DynamoDB emulator, as an outage would; its port stays reserved for
	 * {@link #startDynamoDb()}.
	 */
	public void stopDynamoDb() {
		stop("dynalite");
	}

	/**
	 * Start the DynamoDB emulator again on its port.
	 */
	public void startDynamoDb() {
		restart("dynalite", this.dynamoDbPort);
	}

	/**
	 * Stop the Kinesis emulator, as an outage would. It keeps only its last snapshot:
	 * wait for {@link #KINESIS_PERSIST_INTERVAL} after the last write to keep them all.
	 */
	public void stopKinesis() {
		stop("kinesis");
	}

	/**
	 * Start the Kinesis emulator again on its ports, with the streams of its last
	 * snapshot.
	 */
	public void startKinesis() {
		restart("kinesis", this.kinesisPort, this.kinesisTlsPort);
	}

	private void stop(String which) {
		Process process = this.byEmulator.remove(which);
		if (process == null) {
			return;
		}
		this.processes.remove(process);
		try {
			// run.js exits at once when its standard input closes
			process.getOutputStream().close();
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private void restart(String which, int port, int... extraPorts) {
		try {
			start(this.emulatorsDir, which, port, extraPorts);
			EmulatorPorts.awaitListening(port, this.processes, logs(this.emulatorsDir));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + which + " again", ex);
		}
	}

	public URI kinesisEndpoint() {
		return URI.create("http://127.0.0.1:" + this.kinesisPort);
	}

	public URI dynamoDbEndpoint() {
		return URI.create("http://127.0.0.1:" + this.dynamoDbPort);
	}

	/**
	 * Return the {@code kinetic.*} properties that point the starter at these emulators.
	 * CloudWatch points at the Kinesis emulator, which refuses its calls, so any
	 * unexpected metrics publishing fails loudly instead of reaching AWS.
	 * @return the properties
	 */
	public Map<String, String> kineticProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("kinetic.region", REGION);
		properties.put("kinetic.kinesis.endpoint", kinesisEndpoint().toString());
		properties.put("kinetic.dynamodb.endpoint", dynamoDbEndpoint().toString());
		properties.put("kinetic.cloudwatch.endpoint", kinesisEndpoint().toString());
		properties.put("kinetic.creds.access-key-id", ACCESS_KEY_ID);
		properties.put("kinetic.creds.secret-access-key", SECRET_ACCESS_KEY);
		return properties;
	}

	/**
	 * Return a Kinesis client of these emulators, for a test to put records or inspect
	 * streams; the emulators close it.
	 * @return the client
	 */
	public KinesisAsyncClient kinesisClient() {
		return this.clients.kinesis();
	}

	/**
	 * Return a DynamoDB client of these emulators, for a test to read lease tables; the
	 * emulators close it.
	 * @return the client
	 */
	public DynamoDbAsyncClient dynamoDbClient() {
		return this.clients.dynamoDb();
	}

	/**
	 * Create streams that do not exist yet and wait until each is active. A stream that
	 * exists keeps its shards.
	 * @param shards the shard count of each new stream
	 * @param names the stream names
	 */
	public void createStreams(int shards, String... names) {
		new StreamCreator(kinesisClient()).create(shards, names);
	}

	@Override
	public void close() {
		this.clients.close();
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
		this.processes.clear();
		this.byEmulator.clear();
	}

	private void start(Path dir, String which, int port, int... extraPorts) throws IOException {
		List<String> command = new ArrayList<>(List.of("node", "run.js", which, String.valueOf(port)));
		for (int extra : extraPorts) {
			command.add(String.valueOf(extra));
		}
		start(dir, command);
	}

	private void start(Path dir, List<String> command) throws IOException {
		Path log = logs(dir).resolve(command.get(2) + "-" + command.get(3) + ".log");
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		// tests that each create their own streams soon pass kinesis-local's default
		// limit
		// of 50 shards per account
		builder.environment().put("SHARD_LIMIT", "10000");
		if (this.dataDir != null) {
			persist(builder.environment(), command.get(2));
		}
		Process process = builder.start();
		// stdin stays open: run.js exits when it closes, that is when this JVM ends
		this.processes.add(process);
		this.byEmulator.put(command.get(2), process);
	}

	private void persist(Map<String, String> environment, String which) throws IOException {
		Path dir = Files.createDirectories(this.dataDir.resolve(which));
		if (which.equals("dynalite")) {
			environment.put("DYNALITE_PATH", dir.toString());
		}
		else {
			environment.put("SHOULD_PERSIST_DATA", "true");
			environment.put("PERSIST_PATH", dir.toString());
			environment.put("PERSIST_INTERVAL", KINESIS_PERSIST_INTERVAL.toMillis() + "ms");
		}
	}

	private static Path logs(Path dir) {
		return dir.resolve("target-logs");
	}

}
