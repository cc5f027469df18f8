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

	private final int kinesisPort;

	private final int dynamoDbPort;

	private LocalAwsEmulators(Path emulatorsDir) throws IOException {
		installIfNeeded(emulatorsDir);
		this.kinesisPort = freePort();
		this.dynamoDbPort = freePort();
		try {
			start(emulatorsDir, "kinesis", this.kinesisPort, freePort());
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
			return new LocalAwsEmulators(emulatorsDir());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the local AWS emulators", ex);
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
		Process process = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// stdin stays open: run.js exits when it closes, that is when this JVM ends
		this.processes.add(process);
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
