package org.mip.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mip.app.PipelineHarness;
import software.amazon.awssdk.core.sync.RequestBody;

/** A real HTTP client for the REST API of a {@link PipelineHarness}, and helpers to set objects in place. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEV_KEY = "local-dev-key";

    final String base;
    final HttpClient http;

    ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    static ApiClient of(PipelineHarness h) {
        return new ApiClient("http://127.0.0.1:" + h.app().settings().get("mip.http.port") + "/api/v1",
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A free loopback port (closed again: the pipeline binds it right after). */
    static String freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return String.valueOf(s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Harness overrides with fixed free ports for the REST API and management servers. */
    static Map<String, String> ports() {
        String http = freePort();
        String management = freePort();
        while (management.equals(http)) { // the first port, closed again, may be handed out twice
            management = freePort();
        }
        return Map.of("mip.http.port", http, "mip.management.port", management);
    }

    static void putProcessed(PipelineHarness h, String key, byte[] bytes) {
        h.s3().putObject(b -> b.bucket(h.bucket("processed")).key(key).contentType("application/dicom"),
                RequestBody.fromBytes(bytes));
    }

    HttpResponse<String> get(String pathAndQuery, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    HttpResponse<String> post(String path, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    HttpResponse<String> signLinks(String bearer, String body) {
        return post("/download-links", bearer, "application/json", body);
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static String body(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One link an audit event records, with the event (outcome, caller, correlation id). */
    record AuditedLink(JsonNode event, JsonNode link) {
        String outcome() {
            return event.path("outcome").asText();
        }

        String key() {
            return link.path("key").asText();
        }

        int expiresInSeconds() {
            return link.path("expiresInSeconds").asInt();
        }
    }

    /**
     * Every link the audit events record: a {@code link-signed} event's {@code link}, each of a
     * {@code links-signed} event's {@code links} (whose {@code linkCount} must match); other events
     * are skipped.
     */
    static List<AuditedLink> auditedLinks(List<JsonNode> events) {
        List<AuditedLink> out = new ArrayList<>();
        for (JsonNode e : events) {
            String outcome = e.path("outcome").asText();
            if (outcome.equals("link-signed")) {
                out.add(new AuditedLink(e, e.path("link")));
            } else if (outcome.equals("links-signed")) {
                if (e.path("linkCount").asInt() != e.path("links").size()) {
                    throw new AssertionError("linkCount is not the number of links: " + e);
                }
                e.path("links").forEach(l -> out.add(new AuditedLink(e, l)));
            }
        }
        return out;
    }
}
