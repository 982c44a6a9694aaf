package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class QuarantineDetailsTest {
    private static final Instant UPLOADED = Instant.parse("2026-03-01T23:59:30Z");

    private static String quarantineKey(Clock clock) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange x = new DefaultExchange(camel);
            x.getIn().setHeader(Headers.RAW_KEY, "in/Doe^John/ct.dcm");
            x.getIn().setHeader(Headers.RAW_SHA256, "ab".repeat(32));
            x.getIn().setHeader(Headers.RAW_LAST_MODIFIED, UPLOADED);
            x.setProperty(Exchange.EXCEPTION_CAUGHT, new PoisonInputException("parse", "TRUNCATED", "short"));
            new QuarantineDetails(clock).process(x);
            return x.getIn().getHeader(Headers.QUARANTINE_KEY, String.class);
        }
    }

    /** A retry after midnight (the first attempt quarantined it, then failed to audit or let go) rewrites the same object. */
    @Test
    void theKeyOfAnInputDoesNotDependOnWhenItIsQuarantined() throws Exception {
        String first = quarantineKey(Clock.fixed(UPLOADED.plusSeconds(10), ZoneOffset.UTC));
        String nextDay = quarantineKey(Clock.fixed(UPLOADED.plusSeconds(3600), ZoneOffset.UTC));
        assertEquals(first, nextDay);
        assertTrue(first.startsWith("2026-03-01/"), first);
        assertTrue(first.endsWith("-" + "ab".repeat(8)), first);
        assertTrue(!first.contains("Doe"), first);
    }
}
