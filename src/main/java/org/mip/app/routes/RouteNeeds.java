package org.mip.app.routes;

import java.util.Map;
import java.util.Set;

/**
 * Which routes the configuration in force needs running, and which it turned off on purpose.
 *
 * @param required   route ids that must be running for the pipeline to do its job (readiness)
 * @param disabledBy route id to the setting that turned it off (e.g. ingest-s3-events to
 *                   mip.ingest.events.enabled): such a route is reported as disabled, not as a fault
 */
public record RouteNeeds(Set<String> required, Map<String, String> disabledBy) {
    public RouteNeeds {
        required = Set.copyOf(required);
        disabledBy = Map.copyOf(disabledBy);
    }
}
