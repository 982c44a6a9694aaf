package org.mip.rest;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine bound as {@code platform-http-engine}, fixed to the REST server's port.
 * Camel's own engine finds the port by looking for the single Vert.x HTTP server of the context;
 * with the management server as a second one it finds none and falls back to 8080, so REST routes
 * fail to start on any other port ("No PlatformHttpEngine ... platform-http-router-8080").
 */
public final class ApiHttpEngine extends VertxPlatformHttpEngine {
    private final int port;

    public ApiHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
