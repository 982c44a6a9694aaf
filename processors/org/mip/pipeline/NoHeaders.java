package org.mip.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * A header filter that lets no exchange header out to (or in from) a message broker. The audit
 * routes use it: SQS and SNS map headers to message attributes, and the pipeline's headers hold
 * the raw object key, which may carry a patient's name. The audit event is the message body alone.
 */
public final class NoHeaders implements HeaderFilterStrategy {
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
