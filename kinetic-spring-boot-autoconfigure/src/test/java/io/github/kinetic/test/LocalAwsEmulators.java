package io.github.kinetic.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static LocalAwsEmulators shared;

	private final List<Process> processes = new ArrayList<>();

	private final Map<String, Process> byEmulator = new LinkedHashMap<>();

	private final Path emulatorsDir;

	private final Path dataDir;

	private final int kinesisPort;

	private final int kinesisTlsPort;

	private final int dynamoDbPort;

	private LocalAwsEmulators(Path emulatorsDir, Path dataDir) throws IOException {
		installIfNeeded(emulatorsDir);
		this.emulatorsDir = emulatorsDir;
		this.dataDir = dataDir;
		this.kinesisPort = freePort();
		this.kinesisTlsPort = freePort();
		this.dynamoDbPort = freePort();
		try {
			start(emulatorsDir, "kinesis", this.kinesisPort, this.kinesisTlsPort);
			start(emulatorsDir, "dynalite", this.dynamoDbPort);
			awaitListening(this.kinesisPort);
			awaitListening(this.dynamoDbPort);
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
			return new LocalAwsEmulators(emulatorsDir(), null);
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
			return new LocalAwsEmulators(emulatorsDir(), dataDir.toAbsolutePath());
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
			awaitListening(port);
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

	@Override
	public void close() {
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
		Path log = dir.resolve("target-logs").resolve(command.get(2) + "-" + command.get(3) + ".log");
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
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

	private static void installIfNeeded(Path dir) throws IOException {
		if (Files.exists(dir.resolve("node_modules/kinesis-local/main.js"))
				&& Files.exists(dir.resolve("node_modules/dynalite/cli.js"))) {
			return;
		}
		Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("npm-ci.log").toFile())
			.start();
		try {
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				throw new IOException("npm ci failed in " + dir + "; see " + dir.resolve("npm-ci.log"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while installing the emulators", ex);
		}
	}

	private static Path emulatorsDir() {
		String configured = System.getProperty("kinetic.emulators.dir");
		if (configured != null) {
			return Paths.get(configured).toAbsolutePath();
		}
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null) {
			for (Path candidate : List.of(dir.resolve("src/test/emulators"),
					dir.resolve("kinetic-spring-boot-autoconfigure/src/test/emulators"))) {
				if (Files.exists(candidate.resolve("package.json")) && Files.exists(candidate.resolve("run.js"))) {
					return candidate;
				}
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException(
				"Cannot find kinetic-spring-boot-autoconfigure" + File.separator + "src/test/emulators from "
						+ Paths.get("").toAbsolutePath() + "; set the system property kinetic.emulators.dir");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private void awaitListening(int port) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			for (Process process : this.processes) {
				if (!process.isAlive()) {
					throw new IOException("An emulator exited with code " + process.exitValue()
							+ "; see the logs in src/test/emulators/target-logs");
				}
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(100);
			}
		}
		throw new IOException("No emulator listening on port " + port + " after " + START_TIMEOUT.toSeconds() + " s");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
