package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.mip.deid.DeidResult;
import org.mip.deid.PixelSummary;

/** The published event carries what the default for unlisted attributes changed: counts by keyword, no value. */
class AuditEventsTest {

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
}
