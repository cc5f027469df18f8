package io.github.kinetic.endpoint;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMapper;

/**
 * Serves the {@value KinesisLeasesEndpoint#ID} endpoint at
 * {@value KinesisLeasesEndpoint#PATH} and the {@value KinesisListenersEndpoint#ID}
 * endpoint at {@value KinesisListenersEndpoint#PATH}.
 * <p>
 * Endpoint ids with a dash make Spring Boot log a warning, so the ids have none and this
 * mapper gives them readable paths. A path the user maps with
 * {@code management.endpoints.web.path-mapping.<id>} comes first.
 *
 * @author kinetic contributors
 * @since 0.1.0
 */
public final class KineticEndpointPathMapper implements PathMapper {

	private static final Map<EndpointId, String> PATHS = Map.of(EndpointId.of(KinesisLeasesEndpoint.ID),
			KinesisLeasesEndpoint.PATH, EndpointId.of(KinesisListenersEndpoint.ID), KinesisListenersEndpoint.PATH);

	@Override
	public @Nullable String getRootPath(EndpointId endpointId) {
		return PATHS.get(endpointId);
	}

}
