package io.github.kinetic.listener;

/**
 * Thrown at startup when a {@code @KinesisListener} method cannot be served: a signature
 * the starter does not support, or streams that do not match the configuration.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class InvalidListenerMethodException extends IllegalStateException {

	private final String method;

	private final String reason;

	public InvalidListenerMethodException(String method, String reason) {
		super("@KinesisListener method " + method + ": " + reason);
		this.method = method;
		this.reason = reason;
	}

	/**
	 * Return the listener method, as declaring class and method name.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Return why the method cannot be served.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
