package io.github.kinetic.autoconfigure.emulators;

import java.net.URI;

import io.github.kinetic.autoconfigure.KineticConnectionDetails;
import io.github.kinetic.test.LocalAwsEmulators;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * {@link KineticConnectionDetails} for {@link LocalAwsEmulators}: the same region,
 * endpoints and credentials as {@link LocalAwsEmulators#kineticProperties()}, without a
 * property. CloudWatch points at the Kinesis emulator, which refuses its calls, so any
 * unexpected metrics publishing fails loudly instead of reaching AWS.
 */
final class LocalAwsEmulatorsConnectionDetails implements KineticConnectionDetails {

	private final LocalAwsEmulators emulators;

	LocalAwsEmulatorsConnectionDetails(LocalAwsEmulators emulators) {
		this.emulators = emulators;
	}

	@Override
	public String getRegion() {
		return LocalAwsEmulators.REGION;
	}

	@Override
	public URI getKinesisEndpoint() {
		return this.emulators.kinesisEndpoint();
	}

	@Override
	public URI getDynamoDbEndpoint() {
		return this.emulators.dynamoDbEndpoint();
	}

	@Override
	public URI getCloudWatchEndpoint() {
		return this.emulators.kinesisEndpoint();
	}

	@Override
	public AwsCredentials getCredentials() {
		return AwsBasicCredentials.create(LocalAwsEmulators.ACCESS_KEY_ID, LocalAwsEmulators.SECRET_ACCESS_KEY);
	}

}
