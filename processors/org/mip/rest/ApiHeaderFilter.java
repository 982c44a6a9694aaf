package org.mip.rest;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The REST endpoints' header filter: a response carries only the headers the API sets on purpose
 * (Cache-Control, WWW-Authenticate, Retry-After; Content-Type is written by the server itself).
 * Camel keeps request headers and query parameters as message headers and would echo them back
 * (an Authorization header among them); the processors remove them too, this is the second lock.
 * Incoming headers are filtered as Camel's HTTP default does.
 */
public final class ApiHeaderFilter extends HttpHeaderFilterStrategy {
    private static final Set<String> OUT = Set.of("cache-control", "www-authenticate", "retry-after");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !OUT.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
