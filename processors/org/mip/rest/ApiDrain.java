package org.mip.rest;

import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.mip.api.ApiJson;
import org.mip.api.ApiProblem;

/**
 * Refuses new API requests once the process is stopping. Camel stops the REST routes before the
 * HTTP server, and in between Vert.x answers a bare 404 "Resource not found": a download script
 * would read that as "no such object". From the moment the stop begins, every new request gets a
 * 503 problem with Retry-After instead, and the connection is closed so the client reconnects
 * (to another pod); requests already past the router finish as usual.
 */
public final class ApiDrain {
    private ApiDrain() {
    }

    /** Puts the refusal in front of every route of the REST server's router; false when there is none. */
    public static boolean refuseNewRequests(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            return false;
        }
        ApiProblem stopping = ApiProblem.unavailable("the service is stopping; retry, another instance will answer", 1);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            var response = ctx.response();
            response.setStatusCode(stopping.status());
            for (Map.Entry<String, String> h : stopping.headers().entrySet()) {
                response.putHeader(h.getKey(), h.getValue());
            }
            response.putHeader("Content-Type", "application/problem+json");
            response.putHeader("Cache-Control", "no-store");
            response.putHeader("Connection", "close");
            response.end(ApiJson.problem(stopping, UUID.randomUUID().toString()));
        });
        return true;
    }
}
