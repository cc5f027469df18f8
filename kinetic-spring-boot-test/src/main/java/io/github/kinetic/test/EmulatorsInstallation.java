package io.github.kinetic.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The npm project of the emulators ({@code package.json}, its lockfile and
 * {@code run.js}), copied out of this jar into a directory named after its content and
 * installed there with {@code npm ci} once: later test runs on the same machine reuse it.
 * A file lock keeps concurrent test JVMs from installing into the same directory at once.
 */
final class EmulatorsInstallation {

	/** System property naming the directory to install into instead of the default. */
	static final String DIR_PROPERTY = "kinetic.emulators.dir";

	private static final List<String> FILES = List.of("package.json", "package-lock.json", "run.js");

	private static final String RESOURCES = "emulators/";

	private EmulatorsInstallation() {
	}

	/**
	 * Return the directory holding {@code run.js} and the installed emulators, copying
	 * and installing them first if needed.
	 * @return the directory
	 * @throws IOException if the files cannot be copied or {@code npm ci} fails
	 */
	static synchronized Path installed() throws IOException {
		Map<String, byte[]> files = readFiles();
		String configured = System.getProperty(DIR_PROPERTY);
		Path dir = (configured != null) ? Paths.get(configured).toAbsolutePath()
				: Paths.get(System.getProperty("java.io.tmpdir"), "kinetic-emulators-" + digest(files))
					.toAbsolutePath();
		Files.createDirectories(dir);
		try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			boolean changed = false;
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				Path target = dir.resolve(file.getKey());
				if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), file.getValue())) {
					Files.write(target, file.getValue());
					changed = true;
				}
			}
			if (changed || !Files.exists(dir.resolve("node_modules/kinesis-local/main.js"))
					|| !Files.exists(dir.resolve("node_modules/dynalite/cli.js"))) {
				npmCi(dir);
			}
		}
		return dir;
	}

	private static Map<String, byte[]> readFiles() throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (String name : FILES) {
			try (InputStream in = EmulatorsInstallation.class.getResourceAsStream(RESOURCES + name)) {
				if (in == null) {
					throw new IOException("Missing resource io/github/kinetic/test/" + RESOURCES + name);
				}
				files.put(name, in.readAllBytes());
			}
		}
		return files;
	}

	private static String digest(Map<String, byte[]> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			files.values().forEach(digest::update);
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void npmCi(Path dir) throws IOException {
		Path log = dir.resolve("npm-ci.log");
		Process npm;
		try {
			npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IOException("Cannot run npm: the local AWS emulators need Node.js and npm on the PATH", ex);
		}
		try {
			if (!npm.waitFor(5, TimeUnit.MINUTES)) {
				npm.destroyForcibly();
				throw new IOException("npm ci did not finish within 5 minutes in " + dir + "; see " + log);
			}
			if (npm.exitValue() != 0) {
				throw new IOException("npm ci failed in " + dir + "; see " + log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			npm.destroyForcibly();
			throw new IOException("Interrupted while installing the emulators", ex);
		}
	}

}
