package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mip.api.LinkRequests;
import org.mip.api.ObjectKeys;
import org.mip.deid.DeidResult;
import org.mip.deid.PixelSummary;

/**
 * The published event carries what the default for unlisted attributes changed (counts by keyword,
 * no value); a REST API request's links are one event, which fits in an SQS message.
 */
class AuditEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditEvents events = new AuditEvents("mip", "1", "basic", "fp", "processed", "quarantine", false);

    @Test
    void publishedEventCountsUnlistedAttributesByKeyword() throws Exception {
        TreeMap<String, Integer> removed = new TreeMap<>();
        removed.put("GraphicLayerDescription", 2);
        TreeMap<String, Integer> cleaned = new TreeMap<>();
        cleaned.put("ContentDescription", 1);
        DeidResult.Unlisted unlisted = new DeidResult.Unlisted(removed, new TreeMap<>(), cleaned);
        DeidResult r = new DeidResult("PAT-ABCDEFGHIJKL", "2.25.1", "2.25.2", "2.25.3", "1.2.840.10008.5.1.4.1.1.11.1", "PR",
                Set.of(), PixelSummary.headerOnly("BURNED_IN_NOT_INDICATED", false, 0, "1.2.840.10008.1.2.1"),
                new DeidResult.Stats(5, 0, 1, 3, 0, 1, unlisted));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange x = new DefaultExchange(camel);
            x.getIn().setHeader(Headers.OUTCOME, "published");
            x.setProperty(Headers.DEID_RESULT, r);
            new AuditEvents("mip", "1", "basic", "fp", "processed", "quarantine", false).process(x);
            JsonNode e = new ObjectMapper().readTree(x.getIn().getBody(String.class));
            JsonNode u = e.path("output").path("unlisted");
            assertEquals(2, u.path("removed").path("GraphicLayerDescription").asInt());
            assertEquals(1, u.path("cleaned").path("ContentDescription").asInt());
            assertEquals(0, u.path("replaced").size());
            assertFalse(e.toString().contains("^"), e.toString());
        }
    }

    /** The audit route's way (an SNS destination): the headers the API's split sets make the same event. */
    @Test
    void aBatchRequestsLinksAreOneEventWithEachLink() throws Exception {
        AuditEvents.SignedLinks signed = new AuditEvents.SignedLinks("radiology", "api-key", true, List.of(
                new AuditEvents.Link("P1/2.25.1/2.25.2/2.25.3.dcm", "2026-12-06T10:15:00Z", 900),
                new AuditEvents.Link("P1/2.25.1/2.25.2/2.25.4.dcm", "2026-12-06T10:15:00Z", 900)));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange x = new DefaultExchange(camel);
            x.getIn().setHeader(Headers.OUTCOME, signed.outcome());
            x.getIn().setHeader(Headers.CORRELATION_ID, "req-1");
            x.getIn().setHeader(Headers.SIGNED_LINKS, signed);
            events.process(x);
            JsonNode e = JSON.readTree(x.getIn().getBody(String.class));
            assertEquals("links-signed", e.path("outcome").asText());
            assertEquals("api", e.path("stage").asText());
            assertEquals("req-1", e.path("correlationId").asText());
            assertEquals("radiology", e.path("caller").path("name").asText());
            assertEquals(2, e.path("linkCount").asInt());
            assertEquals("P1/2.25.1/2.25.2/2.25.4.dcm", e.path("links").path(1).path("key").asText());
            assertEquals("processed", e.path("links").path(1).path("bucket").asText());
            assertEquals(900, e.path("links").path(0).path("expiresInSeconds").asInt());
            assertFalse(e.has("link"), e.toString());
        }
        JsonNode one = JSON.readTree(events.signed("req-2", new AuditEvents.SignedLinks("radiology", "api-key", false,
                List.of(new AuditEvents.Link("P1/2.25.1/2.25.2/2.25.3.dcm", "2026-12-06T10:15:00Z", 900)))));
        assertEquals("link-signed", one.path("outcome").asText());
        assertEquals("P1/2.25.1/2.25.2/2.25.3.dcm", one.path("link").path("key").asText());
        assertFalse(one.has("links") || one.has("linkCount"), "a single link's event is unchanged: " + one);
        assertThrows(IllegalArgumentException.class, () -> new AuditEvents.SignedLinks("r", "api-key", false, List.of()));
    }

    /**
     * The largest batch (100 keys of the longest well-formed kind, a long caller name) makes one event
     * that SQS accepts (at most 256 KiB): a batch is never refused for its audit event's size.
     */
    @Test
    void theLargestBatchsEventFitsInOneQueueMessage() throws Exception {
        String patient = "P".repeat(256); // the longest patient segment accepted
        String study = "2.25." + "1".repeat(59);
        String series = "2.25." + "2".repeat(59);
        List<AuditEvents.Link> links = new ArrayList<>();
        for (int i = 0; i < LinkRequests.MAX_KEYS; i++) {
            String key = patient + "/" + study + "/" + series + "/2.25." + String.valueOf(100 + i).repeat(19) + ".dcm";
            assertNull(ObjectKeys.problem(key), key);
            links.add(new AuditEvents.Link(key, "2026-12-06T10:00:00Z", 604_800));
        }
        String body = events.signed("00000000-0000-4000-8000-000000000000", new AuditEvents.SignedLinks("c".repeat(200), "api-key", true, links));
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > 100 * 400 && bytes <= 256 * 1024, bytes + " bytes");
    }
}
