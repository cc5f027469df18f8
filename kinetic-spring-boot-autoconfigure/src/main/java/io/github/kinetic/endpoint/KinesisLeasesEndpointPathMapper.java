package io.github.kinetic.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMapper;

/**
 * Serves the {@value KinesisLeasesEndpoint#ID} endpoint at
 * {@value KinesisLeasesEndpoint#PATH}.
 * <p>
 * Endpoint ids with a dash make Spring Boot log a warning, so the id has none and this
 * mapper gives it the readable path. A path the user maps with
 * {@code management.endpoints.web.path-mapping.kinesisleases} comes first.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KinesisLeasesEndpointPathMapper implements PathMapper {

	private static final EndpointId ENDPOINT_ID = EndpointId.of(KinesisLeasesEndpoint.ID);

	@Override
	public @Nullable String getRootPath(EndpointId endpointId) {
		return ENDPOINT_ID.equals(endpointId) ? KinesisLeasesEndpoint.PATH : null;
	}

}
