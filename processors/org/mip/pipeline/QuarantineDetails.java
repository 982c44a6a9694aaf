package org.mip.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares quarantine of the raw object: takes the reason from the exception (or the headers),
 * chooses a key without PHI ({@code <yyyy-mm-dd>/<sha256 of raw key>-<content hash prefix>}, the day being
 * the raw object's upload day, so that every retry of one input lands on the same key), and builds
 * the object metadata and the {@code <key>.reason.json} body.
 */
public final class QuarantineDetails implements Processor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock;

    public QuarantineDetails() {
        this(Clock.systemUTC());
    }

    public QuarantineDetails(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String stage;
        String code;
        String message;
        Map<String, Object> details = Map.of();
        if (cause instanceof PoisonInputException p) {
            stage = p.stage();
            code = p.reasonCode();
            message = p.getMessage();
            details = p.details();
        } else if (cause != null) {
            // An unexpected error on this input: a bug or input we do not understand. Never lose it.
            stage = in.getHeader(Headers.STAGE, "process", String.class);
            code = "INTERNAL_ERROR";
            message = cause.getClass().getSimpleName() + " while processing (details in the logs by correlation id)";
        } else {
            stage = in.getHeader(Headers.STAGE, "process", String.class);
            code = in.getHeader(Headers.REASON_CODE, "UNKNOWN", String.class);
            message = in.getHeader(Headers.REASON_MESSAGE, "", String.class);
        }
        String keyHash = in.getHeader(Headers.RAW_KEY_SHA256, String.class);
        if (keyHash == null) {
            keyHash = Hashing.sha256Hex(in.getHeader(Headers.RAW_KEY, "", String.class));
            in.setHeader(Headers.RAW_KEY_SHA256, keyHash);
        }
        String sha = in.getHeader(Headers.RAW_SHA256, String.class);
        // Day the raw object was stored, raw-key hash, and content hash when known: a re-upload under
        // the same name never overwrites, and a retry (on any later day) rewrites the same object.
        Instant stored = in.getHeader(Headers.RAW_LAST_MODIFIED, Instant.class);
        LocalDate day = stored != null ? LocalDate.ofInstant(stored, ZoneOffset.UTC) : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        String key = day + "/" + keyHash + (sha == null ? "" : "-" + sha.substring(0, 16));
        in.setHeader(Headers.STAGE, stage);
        in.setHeader(Headers.REASON_CODE, code);
        in.setHeader(Headers.REASON_MESSAGE, message);
        in.setHeader(Headers.QUARANTINE_KEY, key);

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mip-reason-code", code);
        metadata.put("mip-stage", stage);
        metadata.put("mip-raw-key-sha256", keyHash);
        metadata.put("mip-correlation-id", in.getHeader(Headers.CORRELATION_ID, "", String.class));
        in.setHeader("CamelAwsS3Metadata", metadata);

        ObjectNode reason = JSON.createObjectNode();
        reason.put("reasonCode", code);
        reason.put("stage", stage);
        reason.put("message", message);
        if (!details.isEmpty()) {
            reason.set("details", JSON.valueToTree(new java.util.TreeMap<>(details)));
            in.setHeader(Headers.REASON_DETAILS, details);
        }
        reason.put("sourceBucket", in.getHeader(Headers.RAW_BUCKET, String.class));
        reason.put("sourceKeySha256", keyHash);
        reason.put("correlationId", in.getHeader(Headers.CORRELATION_ID, String.class));
        reason.put("quarantinedAt", Instant.now(clock).toString());
        Long size = in.getHeader(Headers.RAW_SIZE, Long.class);
        if (size != null) {
            reason.put("sizeBytes", size);
        }
        if (sha != null) {
            reason.put("sha256", sha);
        }
        in.setHeader("MipReasonJson", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reason));
    }
}
