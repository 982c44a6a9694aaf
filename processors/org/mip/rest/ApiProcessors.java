package org.mip.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.mip.api.ApiProblem;
import org.mip.api.Authenticator;
import org.mip.api.Caller;
import org.mip.api.ClientAddress;
import org.mip.api.DownloadLinks;
import org.mip.api.ObjectKeys;
import org.mip.api.OpenApiDocument;
import org.mip.api.RateLimiter;
import org.mip.pipeline.AuditEvents;
import org.mip.pipeline.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Camel side of the REST API (routes/rest-api.yaml): thin processors around
 * {@link Authenticator}, {@link RateLimiter} and {@link DownloadLinks}. Each request first loses its
 * credential headers ({@link #authenticate()}); each response leaves with only the headers set
 * here (the request's headers and query parameters, which Camel holds as message headers, would
 * otherwise be echoed back); errors become RFC 9457 problem bodies ({@link #problem()}).
 */
public final class ApiProcessors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiProcessors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_KEYS = 100;
    /** Exchange properties. */
    public static final String CALLER = "MipApiCaller";
    public static final String REQUEST_ID = "MipApiRequestId";
    public static final String LINK_AUDITS = "MipApiLinkAudits";
    private static final String RESPONSE_HEADERS = "MipApiResponseHeaders";
    private static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Proxy-Authorization", "Cookie");

    private final Authenticator authenticator;
    private final ClientAddress clients;
    private final RateLimiter rateLimiter;
    private final DownloadLinks links;
    private final Duration defaultExpiry;
    private final Duration maxExpiry;
    private final byte[] openApi;
    private volatile MeterRegistry registry;

    public ApiProcessors(Authenticator authenticator, ClientAddress clients, RateLimiter rateLimiter, DownloadLinks links,
                         Duration defaultExpiry, Duration maxExpiry) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.rateLimiter = rateLimiter;
        this.links = links;
        this.defaultExpiry = defaultExpiry;
        this.maxExpiry = maxExpiry;
        this.openApi = OpenApiDocument.bytes();
    }

    // ------------------------------------------------------------------ steps of every route

    /**
     * Drops the credential headers at once, then: is the client address refused for its failed
     * authentications (429), who is calling (401), and within its rate (429)?
     */
    public Processor authenticate() {
        return exchange -> {
            Message in = exchange.getIn();
            exchange.setProperty(REQUEST_ID, UUID.randomUUID().toString());
            String authorization = in.getHeader("Authorization", String.class);
            for (String h : CREDENTIAL_HEADERS) {
                in.removeHeader(h);
            }
            Caller caller = authenticator.authenticate(authorization, client(in));
            exchange.setProperty(CALLER, caller);
            long retryAfter = rateLimiter.acquire(caller.id());
            if (retryAfter > 0) {
                throw ApiProblem.tooManyRequests(caller.name() + " is above its rate limit", retryAfter);
            }
        };
    }

    /** The client address key: the TCP peer, or what trusted proxies say in X-Forwarded-For. */
    private String client(Message in) {
        Object peer = in.getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        String address = peer instanceof SocketAddress a ? a.hostAddress() : String.valueOf(peer);
        if (!clients.trustsProxies()) {
            return clients.of(address, null);
        }
        Object xff = in.getHeader("X-Forwarded-For");
        List<String> values = new ArrayList<>();
        if (xff instanceof Iterable<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (xff != null) {
            values.add(xff.toString());
        }
        return clients.of(address, values);
    }

    /** The last step of a successful call: status 200, the body set before, only our headers. */
    public Processor respond() {
        return exchange -> {
            Message in = exchange.getIn();
            in.removeHeaders("*");
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setHeader("Cache-Control", "no-store");
            count(exchange, 200);
        };
    }

    /** Any exception of an API route as a problem body (500 for a bug, logged without headers). */
    public Processor problem() {
        return exchange -> {
            Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            ApiProblem p = find(e);
            String requestId = exchange.getProperty(REQUEST_ID, String.class);
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
            }
            if (p == null && e != null && causeOf(e, SdkException.class) != null) {
                LOG.warn("request {}: an AWS call failed: {}", requestId, causeOf(e, SdkException.class).getMessage());
                p = ApiProblem.unavailable("the storage or the audit destination cannot be reached now; no link was handed out", 5);
            }
            if (p == null) {
                LOG.error("request {} failed: {}", requestId, e == null ? "no exception" : e.getClass().getName(), e);
                p = ApiProblem.internal("an internal error; the operators can find it by the instance id");
            } else if (p.status() >= 500) {
                LOG.warn("request {}: {} {}", requestId, p.status(), p.detail());
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("type", p.type());
            body.put("title", p.title());
            body.put("status", p.status());
            body.put("detail", p.detail());
            body.put("instance", "urn:uuid:" + requestId);
            Message in = exchange.getIn();
            in.removeHeaders("*");
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, p.status());
            in.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
            in.setHeader("Cache-Control", "no-store");
            for (Map.Entry<String, String> h : p.headers().entrySet()) {
                in.setHeader(h.getKey(), h.getValue());
            }
            in.setBody(JSON.writeValueAsString(body));
            count(exchange, p.status());
        };
    }

    // ------------------------------------------------------------------ endpoints

    /** POST /download-links: {"keys": [...], "expiresInSeconds": n}. */
    public Processor signLinks() {
        return exchange -> {
            Message in = exchange.getIn();
            requireJson(in.getHeader(Exchange.CONTENT_TYPE, String.class));
            byte[] raw = in.getBody(byte[].class);
            if (raw == null || raw.length == 0) {
                throw ApiProblem.badRequest("the body is empty: send {\"keys\": [...], \"expiresInSeconds\": n}");
            }
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                throw ApiProblem.badRequest("the body is not JSON (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")");
            }
            if (body == null || !body.isObject()) {
                throw ApiProblem.badRequest("the body must be a JSON object {\"keys\": [...], \"expiresInSeconds\": n}");
            }
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String f = names.next();
                if (!f.equals("keys") && !f.equals("expiresInSeconds")) {
                    throw ApiProblem.badRequest("unknown field \"" + printable(f) + "\" (only keys and expiresInSeconds)");
                }
            }
            JsonNode keysNode = body.get("keys");
            if (keysNode == null || !keysNode.isArray()) {
                throw ApiProblem.badRequest("keys must be an array of object keys");
            }
            if (keysNode.isEmpty() || keysNode.size() > MAX_KEYS) {
                throw ApiProblem.badRequest("keys must hold 1 to " + MAX_KEYS + " keys, not " + keysNode.size());
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < keysNode.size(); i++) {
                JsonNode k = keysNode.get(i);
                if (!k.isTextual()) {
                    throw ApiProblem.badRequest("keys[" + i + "] must be a string");
                }
                checkKey("keys[" + i + "]", k.asText());
                keys.add(k.asText());
            }
            Duration expiry = expiry(body.get("expiresInSeconds"));
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            List<DownloadLinks.Result> results = links.sign(caller, keys, expiry);
            ObjectNode out = JSON.createObjectNode();
            out.put("expiresInSeconds", expiry.toSeconds());
            ArrayNode arr = out.putArray("links");
            for (DownloadLinks.Result r : results) {
                arr.add(toJson(r));
            }
            audits(exchange, caller, results, expiry);
            in.setBody(JSON.writeValueAsString(out));
        };
    }

    /** GET /download-links?key=...&expiresInSeconds=...: one link, 403 outside the prefixes, 404 unknown. */
    public Processor signLink() {
        return exchange -> {
            Map<String, String> q = query(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class),
                    List.of("key", "expiresInSeconds"));
            String key = q.get("key");
            if (key == null) {
                throw ApiProblem.badRequest("the query parameter key is required");
            }
            checkKey("key", key);
            Duration expiry;
            String e = q.get("expiresInSeconds");
            if (e == null) {
                expiry = defaultExpiry;
            } else {
                long seconds;
                try {
                    seconds = Long.parseLong(e);
                } catch (NumberFormatException ex) {
                    throw ApiProblem.badRequest("expiresInSeconds must be a whole number of seconds, not \"" + printable(e) + "\"");
                }
                expiry = bounded(seconds);
            }
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            if (!caller.mayAccess(key)) {
                throw ApiProblem.forbidden("the key is outside the prefixes of " + caller.name());
            }
            DownloadLinks.Result r = links.sign(caller, List.of(key), expiry).get(0);
            if (r instanceof DownloadLinks.Failed f) {
                throw "not_found".equals(f.error()) ? ApiProblem.notFound("no object " + key + " in the processed bucket")
                        : ApiProblem.forbidden(f.detail());
            }
            audits(exchange, caller, List.of(r), expiry);
            exchange.getIn().setBody(JSON.writeValueAsString(toJson(r)));
        };
    }

    /** GET /studies/{studyUid}/objects[?patient=...]. */
    public Processor studyObjects() {
        return exchange -> {
            Message in = exchange.getIn();
            String studyUid = in.getHeader("studyUid", String.class);
            Map<String, String> q = query(in.getHeader(Exchange.HTTP_QUERY, String.class), List.of("patient"));
            if (!ObjectKeys.isUid(studyUid)) {
                throw ApiProblem.badRequest("studyUid must be a DICOM UID (digits and dots, at most 64 characters)");
            }
            String patient = q.get("patient");
            if (patient != null && !ObjectKeys.isPatient(patient)) {
                throw ApiProblem.badRequest("patient must be one key segment (a patient pseudonym)");
            }
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            List<DownloadLinks.StudyObject> objects = links.study(caller, studyUid, patient);
            if (objects.isEmpty()) {
                throw ApiProblem.notFound("no processed object of study " + studyUid + " within the prefixes of " + caller.name());
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("studyUid", studyUid);
            out.put("count", objects.size());
            ArrayNode arr = out.putArray("objects");
            for (DownloadLinks.StudyObject o : objects) {
                ObjectNode n = arr.addObject();
                n.put("key", o.key());
                n.put("patient", o.patient());
                n.put("seriesUid", o.seriesUid());
                n.put("sopInstanceUid", o.sopInstanceUid());
                n.put("sizeBytes", o.sizeBytes());
                n.put("lastModified", o.lastModified() == null ? null : o.lastModified().toString());
            }
            in.setBody(JSON.writeValueAsString(out));
        };
    }

    /** GET /openapi.json. */
    public Processor openApi() {
        return exchange -> exchange.getIn().setBody(openApi);
    }

    /**
     * Inside the split over {@link #LINK_AUDITS}: one signed link as the headers of a link-signed
     * audit event, and nothing else (the request's headers do not reach the audit route).
     */
    public Processor linkAudit() {
        return exchange -> {
            Message in = exchange.getIn();
            @SuppressWarnings("unchecked")
            Map<String, Object> item = in.getBody(Map.class);
            in.removeHeaders("*");
            in.setHeader(Headers.OUTCOME, AuditEvents.LINK_SIGNED);
            in.setHeader(Headers.STAGE, "api");
            in.setHeader(Headers.CORRELATION_ID, exchange.getProperty(REQUEST_ID, String.class));
            for (Map.Entry<String, Object> e : item.entrySet()) {
                in.setHeader(e.getKey(), e.getValue());
            }
            Counter.builder("mip.api.links.signed").description("Download links signed")
                    .register(registry(exchange.getContext())).increment();
        };
    }

    // ------------------------------------------------------------------ helpers

    private void audits(Exchange exchange, Caller caller, List<DownloadLinks.Result> results, Duration expiry) {
        List<Map<String, Object>> audits = new ArrayList<>();
        for (DownloadLinks.Result r : results) {
            if (r instanceof DownloadLinks.Signed s) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(Headers.LINK_KEY, s.key());
                m.put(Headers.LINK_EXPIRES_AT, s.expiresAt().toString());
                m.put(Headers.LINK_EXPIRES_IN_SECONDS, expiry.toSeconds());
                m.put(Headers.CALLER_NAME, caller.name());
                m.put(Headers.CALLER_KIND, caller.kind().label());
                audits.add(m);
            }
        }
        exchange.setProperty(LINK_AUDITS, audits);
    }

    private static ObjectNode toJson(DownloadLinks.Result r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", r.key());
        if (r instanceof DownloadLinks.Signed s) {
            n.put("url", s.url());
            n.put("expiresAt", s.expiresAt().toString());
            n.put("sizeBytes", s.sizeBytes());
            n.put("contentType", s.contentType());
        } else if (r instanceof DownloadLinks.Failed f) {
            n.put("error", f.error());
            n.put("detail", f.detail());
        }
        return n;
    }

    private Duration expiry(JsonNode n) {
        if (n == null || n.isNull()) {
            return defaultExpiry;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiProblem.badRequest("expiresInSeconds must be a whole number of seconds");
        }
        return bounded(n.asLong());
    }

    private Duration bounded(long seconds) {
        if (seconds < 1 || seconds > maxExpiry.toSeconds()) {
            throw ApiProblem.badRequest("expiresInSeconds must be between 1 and " + maxExpiry.toSeconds() + ", not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static void checkKey(String what, String key) {
        String why = ObjectKeys.problem(key);
        if (why != null) {
            throw ApiProblem.badRequest(what + " " + why);
        }
    }

    private static void requireJson(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw ApiProblem.unsupportedMediaType("send Content-Type: application/json, not "
                    + (contentType == null ? "nothing" : "\"" + printable(contentType) + "\""));
        }
    }

    /** The query string's parameters; unknown or repeated ones are a 400. */
    static Map<String, String> query(String raw, List<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("the query string is not well percent-encoded");
            }
            if (!allowed.contains(name)) {
                throw ApiProblem.badRequest("unknown query parameter \"" + printable(name) + "\" (allowed: " + String.join(", ", allowed) + ")");
            }
            if (out.put(name, value) != null) {
                throw ApiProblem.badRequest("the query parameter " + name + " is given more than once");
            }
        }
        return out;
    }

    /** Echoes user input in a detail safely: printable, short. */
    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    private static ApiProblem find(Throwable e) {
        return causeOf(e, ApiProblem.class);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private void count(Exchange exchange, int status) {
        Counter.builder("mip.api.responses").description("REST API responses by status").tag("status", String.valueOf(status))
                .register(registry(exchange.getContext())).increment();
    }

    private MeterRegistry registry(CamelContext camel) {
        MeterRegistry r = registry;
        if (r == null) {
            r = find(camel);
            registry = r;
        }
        return r;
    }

    private static MeterRegistry find(CamelContext camel) {
        MeterRegistry chosen = null;
        for (MeterRegistry r : camel.getRegistry().findByType(MeterRegistry.class)) {
            if (r.getClass().getSimpleName().startsWith("Prometheus")) {
                return r;
            }
            chosen = r;
        }
        return chosen != null ? chosen : new SimpleMeterRegistry();
    }
}
