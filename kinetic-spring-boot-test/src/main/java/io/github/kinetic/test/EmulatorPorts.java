package io.github.kinetic.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Free ports for the emulators, and the wait until one listens.
 */
final class EmulatorPorts {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private EmulatorPorts() {
	}

	static int free() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/**
	 * Wait until something listens on a port, failing early when an emulator exits.
	 * @param port the port
	 * @param processes the emulator processes
	 * @param logs where their logs are, for the error message
	 * @throws IOException if nothing listens in time or an emulator exited
	 */
	static void awaitListening(int port, List<Process> processes, Path logs) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			for (Process process : processes) {
				if (!process.isAlive()) {
					throw new IOException(
							"An emulator exited with code " + process.exitValue() + "; see the logs in " + logs);
				}
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for port " + port, interrupted);
				}
			}
		}
		throw new IOException("No emulator listening on port " + port + " after " + START_TIMEOUT.toSeconds() + " s");
	}

}
