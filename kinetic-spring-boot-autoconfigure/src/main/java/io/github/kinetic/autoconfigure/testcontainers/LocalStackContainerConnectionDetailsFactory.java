package io.github.kinetic.autoconfigure.testcontainers;

import java.net.URI;

import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link KineticConnectionDetails} for a {@code @ServiceConnection}
 * {@link LocalStackContainer}: Kinesis, DynamoDB and CloudWatch at the container's one
 * endpoint, signed with its region and credentials.
 *
 * @author kinetic contributors
 */
class LocalStackContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<LocalStackContainer, KineticConnectionDetails> {

	LocalStackContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "org.testcontainers.localstack.LocalStackContainer");
	}

	@Override
	protected KineticConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<LocalStackContainer> source) {
		return new LocalStackContainerConnectionDetails(source);
	}

	/**
	 * {@link KineticConnectionDetails} read from the container once it has started.
	 */
	static final class LocalStackContainerConnectionDetails extends ContainerConnectionDetails<LocalStackContainer>
			implements KineticConnectionDetails {

		LocalStackContainerConnectionDetails(ContainerConnectionSource<LocalStackContainer> source) {
			super(source);
		}

		@Override
		public String getRegion() {
			return getContainer().getRegion();
		}

		@Override
		public URI getKinesisEndpoint() {
			return getContainer().getEndpoint();
		}

		@Override
		public URI getDynamoDbEndpoint() {
			return getContainer().getEndpoint();
		}

		@Override
		public URI getCloudWatchEndpoint() {
			return getContainer().getEndpoint();
		}

		@Override
		public AwsCredentials getCredentials() {
			LocalStackContainer container = getContainer();
			return AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey());
		}

	}

}
