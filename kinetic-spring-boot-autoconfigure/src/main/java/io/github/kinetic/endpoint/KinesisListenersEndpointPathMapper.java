package io.github.kinetic.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMapper;

/**
 * Serves the {@value KinesisListenersEndpoint#ID} endpoint at
 * {@value KinesisListenersEndpoint#PATH}, for the reason
 * {@link KinesisLeasesEndpointPathMapper} gives.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisListenersEndpointPathMapper implements PathMapper {

	private static final EndpointId ENDPOINT_ID = EndpointId.of(KinesisListenersEndpoint.ID);

	@Override
	public @Nullable String getRootPath(EndpointId endpointId) {
		return ENDPOINT_ID.equals(endpointId) ? KinesisListenersEndpoint.PATH : null;
	}

}
