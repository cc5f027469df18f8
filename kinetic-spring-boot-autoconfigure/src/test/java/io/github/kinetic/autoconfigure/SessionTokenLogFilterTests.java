package io.github.kinetic.autoconfigure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionTokenLogFilter}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionTokenLogFilterTests {

	private static final String SIGNER = "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner";

	@Test
	void masksTheSessionTokenInTheCanonicalRequestTheSdkLogs(CapturedOutput output) {
		withFilter(() -> {
			LoggerFactory.getLogger(SIGNER)
				.info("AWS4 Canonical Request: POST\n/\n\nhost:127.0.0.1\nx-amz-security-token:TopSecretToken123\n"
						+ "x-amz-target:DynamoDB_20120810.DescribeTable\n");
		});
		assertThat(output).doesNotContain("TopSecretToken123")
			.contains("AWS4 Canonical Request: POST")
			.contains("x-amz-security-token:******")
			.contains("x-amz-target:DynamoDB_20120810.DescribeTable")
			.containsOnlyOnce("AWS4 Canonical Request");
	}

	@Test
	void leavesOtherLinesAndOtherLoggersAlone(CapturedOutput output) {
		withFilter(() -> {
			LoggerFactory.getLogger(SIGNER).info("AWS4 String to sign: abc");
			LoggerFactory.getLogger("com.example.Audit").info("x-amz-security-token:NotAnSdkLine");
		});
		assertThat(output).contains("AWS4 String to sign: abc").contains("x-amz-security-token:NotAnSdkLine");
	}

	private static void withFilter(Runnable logging) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		SessionTokenLogFilter filter = new SessionTokenLogFilter();
		assertThat(filter.install()).isTrue();
		Logger signer = LoggerFactory.getLogger(SIGNER);
		Level before = ((ch.qos.logback.classic.Logger) signer).getLevel();
		((ch.qos.logback.classic.Logger) signer).setLevel(Level.INFO);
		try {
			logging.run();
		}
		finally {
			((ch.qos.logback.classic.Logger) signer).setLevel(before);
			context.getTurboFilterList().removeIf(SessionTokenLogFilter.class::isInstance);
		}
	}

}
