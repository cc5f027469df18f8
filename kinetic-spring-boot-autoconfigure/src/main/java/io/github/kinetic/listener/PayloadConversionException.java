package io.github.kinetic.listener;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a record's data cannot be converted to the type a listener declares.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public class PayloadConversionException extends RuntimeException {

	public PayloadConversionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
