package io.github.kinetic.autoconfigure;

/**
 * Thrown at startup when a {@code kinetic.*} property is missing or wrong.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
class InvalidKineticPropertyException extends RuntimeException {

	private final String property;

	private final String reason;

	private final String action;

	/**
	 * Create an exception.
	 * @param property the full name of the property, such as
	 * {@code kinetic.streams[0].name}
	 * @param reason what is wrong with it
	 * @param action what the user should do
	 */
	InvalidKineticPropertyException(String property, String reason, String action) {
		super("Property '" + property + "' " + reason);
		this.property = property;
		this.reason = reason;
		this.action = action;
	}

	String getProperty() {
		return this.property;
	}

	String getReason() {
		return this.reason;
	}

	String getAction() {
		return this.action;
	}

}
