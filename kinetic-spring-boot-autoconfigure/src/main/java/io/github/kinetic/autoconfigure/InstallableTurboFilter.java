package io.github.kinetic.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * A Logback turbo filter that, as a bean, adds itself to Logback once, if Logback is the
 * logging backend. Logback drops it when it is configured again.
 */
abstract class InstallableTurboFilter extends TurboFilter implements InitializingBean {

	private final String filterName;

	InstallableTurboFilter(String filterName) {
		this.filterName = filterName;
	}

	@Override
	public void afterPropertiesSet() {
		install();
	}

	/**
	 * Add this filter to Logback, unless one of its class is there already, if Logback is
	 * the logging backend.
	 * @return whether a filter of this class is installed
	 */
	boolean install() {
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		if (!(loggerFactory instanceof LoggerContext context)) {
			return false;
		}
		synchronized (context) {
			if (context.getTurboFilterList().stream().noneMatch(getClass()::isInstance)) {
				setName(this.filterName);
				setContext(context);
				start();
				context.addTurboFilter(this);
			}
		}
		return true;
	}

}
