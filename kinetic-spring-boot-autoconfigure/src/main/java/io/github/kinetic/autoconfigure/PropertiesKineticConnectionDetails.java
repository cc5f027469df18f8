package io.github.kinetic.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@link KineticConnectionDetails} read from the {@code kinetic.*} properties.
 */
class PropertiesKineticConnectionDetails implements KineticConnectionDetails {

	private final KineticProperties properties;

	PropertiesKineticConnectionDetails(KineticProperties properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable String getRegion() {
		return this.properties.getRegion();
	}

	@Override
	public @Nullable URI getKinesisEndpoint() {
		return endpoint(this.properties.getKinesis());
	}

	@Override
	public @Nullable URI getDynamoDbEndpoint() {
		return endpoint(this.properties.getDynamodb());
	}

	@Override
	public @Nullable URI getCloudWatchEndpoint() {
		return endpoint(this.properties.getCloudwatch());
	}

	private @Nullable URI endpoint(KineticProperties.Service service) {
		return (service.getEndpoint() != null) ? service.getEndpoint() : this.properties.getEndpoint();
	}

	@Override
	public @Nullable AwsCredentials getCredentials() {
		KineticProperties.Creds creds = this.properties.getCreds();
		String accessKeyId = creds.getAccessKeyId();
		String secretAccessKey = creds.getSecretAccessKey();
		boolean hasAccessKeyId = StringUtils.hasText(accessKeyId);
		boolean hasSecretAccessKey = StringUtils.hasText(secretAccessKey);
		if (!hasAccessKeyId && !hasSecretAccessKey) {
			return null;
		}
		if (!hasAccessKeyId || !hasSecretAccessKey) {
			String missing = hasAccessKeyId ? "kinetic.creds.secret-access-key" : "kinetic.creds.access-key-id";
			String present = hasAccessKeyId ? "kinetic.creds.access-key-id" : "kinetic.creds.secret-access-key";
			throw new InvalidKineticPropertyException(missing, "is missing while " + present + " is set",
					"Set both halves of the key pair, or neither to use the default AWS credentials provider chain.");
		}
		String sessionToken = creds.getSessionToken();
		return StringUtils.hasText(sessionToken)
				? AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)
				: AwsBasicCredentials.create(accessKeyId, secretAccessKey);
	}

}
