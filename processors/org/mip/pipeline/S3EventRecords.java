package org.mip.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns an S3 event notification (as S3 delivers it to SQS, or wrapped by SNS) into the list of
 * objects it announces, for the route to split. Keys arrive URL-encoded ("+" for space); test
 * events and anything other than ObjectCreated are dropped; a message that is not an S3 event is
 * dropped with a warning rather than retried forever.
 */
public final class S3EventRecords implements Processor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3EventRecords.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setBody(parse(exchange.getIn().getBody(String.class)));
    }

    public static List<Map<String, Object>> parse(String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            LOG.warn("dropped an SQS message that is not JSON ({} characters)", body == null ? 0 : body.length());
            return out;
        }
        if (root.has("Type") && "Notification".equals(root.path("Type").asText()) && root.has("Message")) {
            return parse(root.path("Message").asText()); // delivered through SNS
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return out;
        }
        for (JsonNode r : root.path("Records")) {
            String name = r.path("eventName").asText("");
            if (!name.startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = r.path("s3");
            String bucket = s3.path("bucket").path("name").asText();
            String key = URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8);
            if (bucket.isEmpty() || key.isEmpty()) {
                continue;
            }
            out.add(Map.of("bucket", bucket, "key", key, "size", s3.path("object").path("size").asLong(-1),
                    "eTag", s3.path("object").path("eTag").asText("")));
        }
        if (out.isEmpty() && !root.has("Records")) {
            LOG.warn("dropped an SQS message that is not an S3 event notification");
        }
        return out;
    }
}
