package io.github.kinetic.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Where the AWS services kinetic uses are, and how to sign requests to them. Defaults to
 * the {@code kinetic.*} properties; a Testcontainers {@code @ServiceConnection} replaces
 * it.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public interface KineticConnectionDetails extends ConnectionDetails {

	/**
	 * The AWS region.
	 * @return the region, or {@code null} for the AWS default region provider chain
	 */
	@Nullable String getRegion();

	/**
	 * The Kinesis endpoint.
	 * @return the endpoint, or {@code null} for the region's default
	 */
	@Nullable URI getKinesisEndpoint();

	/**
	 * The DynamoDB endpoint.
	 * @return the endpoint, or {@code null} for the region's default
	 */
	@Nullable URI getDynamoDbEndpoint();

	/**
	 * The CloudWatch endpoint.
	 * @return the endpoint, or {@code null} for the region's default
	 */
	@Nullable URI getCloudWatchEndpoint();

	/**
	 * Static credentials.
	 * @return the credentials, or {@code null} for the default AWS credentials provider
	 * chain
	 */
	@Nullable AwsCredentials getCredentials();

}
