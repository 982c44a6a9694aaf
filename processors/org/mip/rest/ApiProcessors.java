package org.mip.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.mip.api.ApiJson;
import org.mip.api.AuditBatcher;
import org.mip.api.ApiProblem;
import org.mip.api.Authenticator;
import org.mip.api.Caller;
import org.mip.api.ClientAddress;
import org.mip.api.DownloadLinks;
import org.mip.api.LinkRequests;
import org.mip.api.OpenApiDocument;
import org.mip.api.RateLimiter;
import org.mip.pipeline.AuditEvents;
import org.mip.pipeline.Headers;
import org.mip.pipeline.MeterRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Camel side of the REST API (routes/rest-api.yaml): exchange in, a call of the API's logic
 * ({@link Authenticator}, {@link RateLimiter}, {@link LinkRequests}, {@link DownloadLinks},
 * {@link ApiJson}), exchange out. Each request first loses its credential headers
 * ({@link #authenticate()}); each response leaves with only the headers set here (the request's
 * headers and query parameters, which Camel holds as message headers, would otherwise be echoed
 * back); errors become RFC 9457 problem bodies ({@link #problem()}).
 */
public final class ApiProcessors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiProcessors.class);
    /** Exchange properties. */
    public static final String CALLER = "MipApiCaller";
    public static final String REQUEST_ID = "MipApiRequestId";
    public static final String LINK_AUDITS = "MipApiLinkAudits";
    private static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Proxy-Authorization", "Cookie");

    private final Authenticator authenticator;
    private final ClientAddress clients;
    private final RateLimiter rateLimiter;
    private final DownloadLinks links;
    private final LinkRequests requests;
    private final byte[] openApi = OpenApiDocument.bytes();
    private final AuditEvents auditEvents;
    private final AuditBatcher auditBatcher;
    private volatile MeterRegistry registry;

    /**
     * @param auditBatcher sends the link-signed events in batches ({@link #linkAuditBatch()}), or null
     *                     when the audit destination is not an SQS queue (they go one by one through
     *                     the audit route)
     */
    public ApiProcessors(Authenticator authenticator, ClientAddress clients, RateLimiter rateLimiter, DownloadLinks links,
                         Duration defaultExpiry, Duration maxExpiry, AuditEvents auditEvents, AuditBatcher auditBatcher) {
        this.auditEvents = auditEvents;
        this.auditBatcher = auditBatcher;
        this.authenticator = authenticator;
        this.clients = clients;
        this.rateLimiter = rateLimiter;
        this.links = links;
        this.requests = new LinkRequests(defaultExpiry, maxExpiry);
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
            ApiProblem p = causeOf(e, ApiProblem.class);
            String requestId = exchange.getProperty(REQUEST_ID, String.class);
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
            }
            if (p == null && causeOf(e, SdkException.class) != null) {
                LOG.warn("request {}: an AWS call failed: {}", requestId, causeOf(e, SdkException.class).getMessage());
                p = ApiProblem.unavailable("the storage or the audit destination cannot be reached now; no link was handed out", 5);
            }
            if (p == null) {
                LOG.error("request {} failed: {}", requestId, e == null ? "no exception" : e.getClass().getName(), e);
                p = ApiProblem.internal("an internal error; the operators can find it by the instance id");
            } else if (p.status() >= 500) {
                LOG.warn("request {}: {} {}", requestId, p.status(), p.detail());
            }
            Message in = exchange.getIn();
            in.removeHeaders("*");
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, p.status());
            in.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
            in.setHeader("Cache-Control", "no-store");
            for (Map.Entry<String, String> h : p.headers().entrySet()) {
                in.setHeader(h.getKey(), h.getValue());
            }
            in.setBody(ApiJson.problem(p, requestId));
            count(exchange, p.status());
        };
    }

    // ------------------------------------------------------------------ endpoints

    /** POST /download-links: {"keys": [...], "expiresInSeconds": n}. */
    public Processor signLinks() {
        return exchange -> {
            Message in = exchange.getIn();
            LinkRequests.SignMany request = requests.signMany(in.getHeader(Exchange.CONTENT_TYPE, String.class),
                    in.getBody(byte[].class));
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            List<DownloadLinks.Result> results = links.sign(caller, request.keys(), request.expiry());
            audit(exchange, caller, true, results, request.expiry());
            in.setBody(ApiJson.links(results, request.expiry()));
        };
    }

    /** GET /download-links?key=...&expiresInSeconds=...: one link, 403 outside the prefixes, 404 unknown. */
    public Processor signLink() {
        return exchange -> {
            LinkRequests.SignOne request = requests.signOne(exchange.getIn().getHeader(Exchange.HTTP_QUERY, String.class));
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            if (!caller.mayAccess(request.key())) {
                throw ApiProblem.forbidden("the key is outside the prefixes of " + caller.name());
            }
            DownloadLinks.Result r = links.sign(caller, List.of(request.key()), request.expiry()).get(0);
            if (r instanceof DownloadLinks.Failed f) {
                throw "not_found".equals(f.error()) ? ApiProblem.notFound("no object " + request.key() + " in the processed bucket")
                        : ApiProblem.forbidden(f.detail());
            }
            audit(exchange, caller, false, List.of(r), request.expiry());
            exchange.getIn().setBody(ApiJson.linkBody(r));
        };
    }

    /** GET /studies/{studyUid}/objects[?patient=...]. */
    public Processor studyObjects() {
        return exchange -> {
            Message in = exchange.getIn();
            LinkRequests.StudyListing request = requests.studyListing(in.getHeader("studyUid", String.class),
                    in.getHeader(Exchange.HTTP_QUERY, String.class));
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            List<DownloadLinks.StudyObject> objects = links.study(caller, request.studyUid(), request.patient());
            if (objects.isEmpty()) {
                throw ApiProblem.notFound("no processed object of study " + request.studyUid() + " within the prefixes of "
                        + caller.name());
            }
            in.setBody(ApiJson.study(request.studyUid(), objects));
        };
    }

    /** GET /openapi.json. */
    public Processor openApi() {
        return exchange -> exchange.getIn().setBody(openApi);
    }

    /**
     * Inside the split over {@link #LINK_AUDITS}: the request's signed links as the headers of their
     * audit event, and nothing else (the request's headers do not reach the audit route).
     */
    public Processor linkAudit() {
        return exchange -> {
            Message in = exchange.getIn();
            AuditEvents.SignedLinks signed = in.getBody(AuditEvents.SignedLinks.class);
            in.removeHeaders("*");
            in.setHeader(Headers.OUTCOME, signed.outcome());
            in.setHeader(Headers.STAGE, "api");
            in.setHeader(Headers.CORRELATION_ID, exchange.getProperty(REQUEST_ID, String.class));
            in.setHeader(Headers.SIGNED_LINKS, signed);
            countLinks(exchange, signed.links().size());
        };
    }

    /**
     * The request's audit event, built as the audit route builds it and sent to the SQS audit queue
     * in batches shared with concurrent requests ({@link AuditBatcher}); returns when the queue has
     * stored it, else fails the request with a 503 (no link is handed out).
     */
    public Processor linkAuditBatch() {
        return exchange -> {
            @SuppressWarnings("unchecked")
            List<AuditEvents.SignedLinks> items = exchange.getProperty(LINK_AUDITS, List.class);
            if (items == null || items.isEmpty()) {
                return;
            }
            if (auditBatcher == null) {
                throw new IllegalStateException("apiLinkAuditBatch needs mip.audit.destination=sqs");
            }
            String requestId = exchange.getProperty(REQUEST_ID, String.class);
            List<String> bodies = new ArrayList<>(items.size());
            int links = 0;
            for (AuditEvents.SignedLinks item : items) {
                bodies.add(auditEvents.signed(requestId, item));
                links += item.links().size();
            }
            try {
                auditBatcher.sendAll(bodies);
            } catch (ApiProblem p) {
                Counter.builder("mip.audit.failures").description("Audit events that could not be sent after every redelivery")
                        .register(registry(exchange.getContext())).increment(bodies.size());
                throw p;
            }
            countLinks(exchange, links);
        };
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The request's audit event to send, for the split of routes/rest-api.yaml: one for all the links
     * a request handed out (none when it handed out none: refused and unknown keys emit nothing).
     * One event per request rather than per link: a batch's events were most of its time on the
     * embedded queue (docs/BENCHMARKS.md, "Download links").
     */
    private static void audit(Exchange exchange, Caller caller, boolean batch, List<DownloadLinks.Result> results, Duration expiry) {
        List<AuditEvents.Link> links = new ArrayList<>();
        for (DownloadLinks.Result r : results) {
            if (r instanceof DownloadLinks.Signed s) {
                links.add(new AuditEvents.Link(s.key(), s.expiresAt().toString(), expiry.toSeconds()));
            }
        }
        exchange.setProperty(LINK_AUDITS, links.isEmpty() ? List.of()
                : List.of(new AuditEvents.SignedLinks(caller.name(), caller.kind().label(), batch, links)));
    }

    private void countLinks(Exchange exchange, int links) {
        Counter.builder("mip.api.links.signed").description("Download links signed")
                .register(registry(exchange.getContext())).increment(links);
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
            synchronized (this) { // once: the existence cache's meters are bound here
                r = registry;
                if (r == null) {
                    r = MeterRegistries.of(camel);
                    links.bindMetrics(r);
                    registry = r;
                }
            }
        }
        return r;
    }
}
