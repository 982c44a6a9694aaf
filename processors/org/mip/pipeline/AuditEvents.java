package org.mip.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.mip.deid.DeidResult;

/**
 * Builds the audit event of an outcome (header {@code MipOutcome}: received, published,
 * quarantined, failed; link-signed and links-signed for the download links a REST API request
 * handed out, header {@code MipSignedLinks}) as the JSON body sent to the audit queue or topic.
 * Only what is safe to keep forever: ids, pseudonymous output keys, hashes, sizes, reason codes; the
 * raw key only as its SHA-256, unless the operator explicitly asked for it
 * ({@code mip.audit.include-raw-key}). A link event never holds the URL (a bearer secret).
 */
public final class AuditEvents implements Processor {
    public static final int SCHEMA_VERSION = 1;
    /** The outcome of a download link signed by the REST API. */
    public static final String LINK_SIGNED = "link-signed";
    /** The outcome of a batch request's download links (one event for all of them). */
    public static final String LINKS_SIGNED = "links-signed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String product;
    private final String version;
    private final String profile;
    private final String keyFingerprint;
    private final String processedBucket;
    private final String quarantineBucket;
    private final boolean includeRawKey;

    public AuditEvents(String product, String version, String profile, String keyFingerprint, String processedBucket,
                       String quarantineBucket, boolean includeRawKey) {
        this.product = product;
        this.version = version;
        this.profile = profile;
        this.keyFingerprint = keyFingerprint;
        this.processedBucket = processedBucket;
        this.quarantineBucket = quarantineBucket;
        this.includeRawKey = includeRawKey;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String outcome = in.getHeader(Headers.OUTCOME, String.class);
        if (LINK_SIGNED.equals(outcome) || LINKS_SIGNED.equals(outcome)) {
            in.setBody(signed(in.getHeader(Headers.CORRELATION_ID, String.class), in.getHeader(Headers.SIGNED_LINKS, SignedLinks.class)));
            return;
        }
        ObjectNode e = head(outcome, in.getHeader(Headers.STAGE, String.class), in.getHeader(Headers.CORRELATION_ID, String.class));
        putIfPresent(e, "reasonCode", in.getHeader(Headers.REASON_CODE, String.class));
        putIfPresent(e, "reasonMessage", in.getHeader(Headers.REASON_MESSAGE, String.class));

        ObjectNode source = e.putObject("source");
        source.put("kind", in.getHeader(Headers.SOURCE, String.class));
        source.put("bucket", in.getHeader(Headers.RAW_BUCKET, String.class));
        source.put("keySha256", in.getHeader(Headers.RAW_KEY_SHA256, String.class));
        if (includeRawKey) {
            source.put("key", in.getHeader(Headers.RAW_KEY, String.class));
        }
        putIfPresent(source, "sizeBytes", in.getHeader(Headers.RAW_SIZE, Long.class));
        putIfPresent(source, "sha256", in.getHeader(Headers.RAW_SHA256, String.class));

        if ("published".equals(outcome)) {
            ObjectNode output = e.putObject("output");
            output.put("bucket", processedBucket);
            output.put("key", in.getHeader(Headers.OUTPUT_KEY, String.class));
            output.put("sidecarKey", in.getHeader(Headers.SIDECAR_KEY, String.class));
            putIfPresent(output, "sizeBytes", in.getHeader(Headers.OUTPUT_SIZE, Long.class));
            output.put("sha256", in.getHeader(Headers.OUTPUT_SHA256, String.class));
            DeidResult r = exchange.getProperty(Headers.DEID_RESULT, DeidResult.class);
            if (r != null) {
                output.put("sopClassUid", r.sopClassUid());
                output.put("modality", r.modality());
                output.put("pixelsRedacted", r.pixelsRedacted());
                output.set("pixels", pixels(r.pixels()));
                output.putPOJO("options", r.options().stream().map(Enum::name).toList());
                output.set("unlisted", unlisted(r.stats().unlisted()));
            }
        }
        if ("quarantined".equals(outcome)) {
            ObjectNode q = e.putObject("quarantine");
            q.put("bucket", quarantineBucket);
            q.put("key", in.getHeader(Headers.QUARANTINE_KEY, String.class));
            java.util.Map<?, ?> details = in.getHeader(Headers.REASON_DETAILS, java.util.Map.class);
            if (details != null && !details.isEmpty()) {
                q.set("details", JSON.valueToTree(new java.util.TreeMap<>(details)));
            }
        }
        in.setBody(finish(e, in.getHeader(Headers.STARTED_NANOS, Long.class)));
    }

    /** A link handed out: its processed-bucket key and expiry. */
    public record Link(String key, String expiresAt, long expiresInSeconds) {
    }

    /**
     * The links one REST API request handed out, and to whom. A single-link request ({@code batch}
     * false) is one {@code link-signed} event with a {@code link}; a batch request is one
     * {@code links-signed} event with every link it handed out in {@code links}.
     */
    public record SignedLinks(String callerName, String callerKind, boolean batch, List<Link> links) {
        public SignedLinks {
            links = List.copyOf(links);
            if (!batch && links.size() != 1) {
                throw new IllegalArgumentException("a single-link request hands out one link, not " + links.size());
            }
        }

        public String outcome() {
            return batch ? LINKS_SIGNED : LINK_SIGNED;
        }
    }

    /** The audit event of the links one request handed out ({@link SignedLinks}). */
    public String signed(String correlationId, SignedLinks signed) throws Exception {
        ObjectNode e = head(signed.outcome(), "api", correlationId);
        ObjectNode caller = e.putObject("caller");
        caller.put("name", signed.callerName());
        caller.put("kind", signed.callerKind());
        if (signed.batch()) {
            e.put("linkCount", signed.links().size());
            ArrayNode links = e.putArray("links");
            for (Link l : signed.links()) {
                link(links.addObject(), l);
            }
        } else {
            link(e.putObject("link"), signed.links().get(0));
        }
        return finish(e, null);
    }

    private void link(ObjectNode n, Link l) {
        n.put("bucket", processedBucket);
        n.put("key", l.key());
        n.put("expiresAt", l.expiresAt());
        n.put("expiresInSeconds", l.expiresInSeconds());
    }

    private static ObjectNode head(String outcome, String stage, String correlationId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("schemaVersion", SCHEMA_VERSION);
        e.put("eventId", UUID.randomUUID().toString());
        e.put("time", Instant.now().toString());
        e.put("outcome", outcome);
        e.put("stage", stage);
        e.put("correlationId", correlationId);
        return e;
    }

    /**
     * What the default for attributes PS3.15 does not list changed: element counts by attribute
     * keyword (removed, replaced, cleaned), never a value.
     */
    private static ObjectNode unlisted(DeidResult.Unlisted u) {
        ObjectNode n = JSON.createObjectNode();
        n.set("removed", JSON.valueToTree(u.removed()));
        n.set("replaced", JSON.valueToTree(u.replaced()));
        n.set("cleaned", JSON.valueToTree(u.cleaned()));
        return n;
    }

    /** The pixel stage's outcome: codes and counts only. */
    private static ObjectNode pixels(org.mip.deid.PixelSummary p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", p.code());
        n.put("scanned", p.scanned());
        n.put("redacted", p.redacted());
        if (p.scanned()) {
            n.put("framesScanned", p.framesScanned());
            n.put("framesChecked", p.framesChecked());
            n.put("textRegions", p.textRegions());
            n.put("ocrRegions", p.ocrRegions());
            n.put("shapeRegions", p.shapeRegions());
            n.put("ocr", p.ocr());
            n.set("headerMatches", JSON.valueToTree(p.headerMatches()));
        }
        n.put("ruleRegions", p.ruleRegions());
        n.put("transferSyntax", p.outputSyntax());
        return n;
    }

    private String finish(ObjectNode e, Long started) throws Exception {
        e.put("profile", profile);
        ObjectNode p = e.putObject("product");
        p.put("name", product);
        p.put("version", version);
        e.put("keyFingerprint", keyFingerprint);
        if (started != null) {
            e.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        }
        return JSON.writeValueAsString(e);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
