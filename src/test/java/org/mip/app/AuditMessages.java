package org.mip.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit events of one message of the audit queue, read as docs/USER_GUIDE.md tells a consumer
 * to: a message is one event, or a pack {@code {"schemaVersion":1,"events":[...]}} of events. Strict,
 * so that a test fails where a careless consumer would drop events: anything after the JSON value,
 * a pack with anything else in it, or an event without an outcome is an error.
 */
public final class AuditMessages {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private AuditMessages() {
    }

    public static List<JsonNode> events(String body) {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("an audit message is not one JSON value: " + body, e);
        }
        List<JsonNode> out = new ArrayList<>();
        if (message.has("events")) {
            if (message.size() != 2 || message.path("schemaVersion").asInt() != 1 || !message.get("events").isArray()
                    || message.get("events").size() < 2) {
                throw new AssertionError("not a pack of events: " + body);
            }
            message.get("events").forEach(out::add);
        } else {
            out.add(message);
        }
        for (JsonNode e : out) {
            if (!e.path("outcome").isTextual() || e.path("schemaVersion").asInt() != 1) {
                throw new AssertionError("an audit event without its outcome or schema version: " + e);
            }
        }
        return out;
    }
}
