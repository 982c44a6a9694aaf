package org.mip.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The pipeline's own metrics, next to Camel's, on /observe/metrics: objects by outcome (and
 * quarantines by reason code), time per stage, bytes in and out, objects in flight. Labels are
 * outcomes, stages and reason codes only: never keys or values.
 */
public final class PipelineMetrics {
    private volatile CamelContext camel;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile MeterRegistry registry;

    public PipelineMetrics(CamelContext camel) {
        this.camel = camel;
    }

    /** Camel's Prometheus registry once Camel has made it; a private one before (tests). */
    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = MeterRegistries.of(camel);
                    registry.gauge("mip.objects.in.flight", inFlight);
                }
                r = registry;
            }
        }
        return r;
    }

    /** Marks an object in flight until its exchange completes. */
    public Processor start() {
        return exchange -> {
            registry();
            inFlight.incrementAndGet();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange ex) {
                    inFlight.decrementAndGet();
                }
            });
        };
    }

    /** Counts the outcome just audited, by reason code for quarantines. */
    public Processor outcome() {
        return exchange -> {
            String outcome = exchange.getIn().getHeader(Headers.OUTCOME, "unknown", String.class);
            if (AuditEvents.LINK_SIGNED.equals(outcome) || AuditEvents.LINKS_SIGNED.equals(outcome)) {
                return; // download links, not an object: the REST API counts its own
            }
            Counter.builder("mip.objects").description("Objects by outcome").tag("outcome", outcome)
                    .register(registry()).increment();
            if ("quarantined".equals(outcome)) {
                Counter.builder("mip.quarantined").description("Quarantined objects by reason code")
                        .tag("reason", exchange.getIn().getHeader(Headers.REASON_CODE, "UNKNOWN", String.class))
                        .register(registry()).increment();
            }
            if ("received".equals(outcome)) {
                Long size = exchange.getIn().getHeader(Headers.RAW_SIZE, Long.class);
                Counter.builder("mip.bytes").tag("direction", "in").register(registry()).increment(size == null ? 0 : size);
            }
        };
    }

    /**
     * Counts a redelivery after a transient failure (the error handler's onRedelivery), by stage:
     * retries going up while nothing fails for good is an outage being ridden out.
     */
    public Processor redelivery() {
        return redelivery(null);
    }

    /** As {@link #redelivery()}, for a route whose stage is fixed (quarantine: MipStage there names where the poison was found). */
    public Processor redelivery(String stage) {
        return exchange -> Counter.builder("mip.redeliveries").description("Steps redelivered after a transient failure")
                .tag("stage", stage != null ? stage : exchange.getIn().getHeader(Headers.STAGE, "unknown", String.class))
                .register(registry()).increment();
    }

    /**
     * Counts an object whose transient failure outlived every redelivery (the "failed" path), by
     * stage, whether or not its "failed" event can be audited; and, when the step that failed was
     * the sending of an audit event, one audit failure.
     */
    public Processor failure() {
        return exchange -> {
            Counter.builder("mip.failures").description("Transient failures after every redelivery (input kept for a retry)")
                    .tag("stage", exchange.getIn().getHeader(Headers.STAGE, "unknown", String.class))
                    .register(registry()).increment();
            if (Boolean.TRUE.equals(exchange.getProperty(Headers.AUDIT_SENDING, Boolean.class))) {
                exchange.removeProperty(Headers.AUDIT_SENDING);
                auditFailure().process(exchange);
            }
        };
    }

    /** Counts an audit event that could not be sent after every redelivery: the audit destination is down. */
    public Processor auditFailure() {
        return counter("mip.audit.failures", "Audit events that could not be sent after every redelivery");
    }

    /** A processor that adds one to a counter without tags. */
    public Processor counter(String name, String description) {
        return exchange -> Counter.builder(name).description(description).register(registry()).increment();
    }

    /**
     * What the clean-up of .done/ did (SftpOriginals): "retaken", uploads that grew after they were taken,
     * moved back to be taken again; otherwise deletions by reason ("outcome": their outcome is durable;
     * "retention": past the age).
     */
    public java.util.function.ObjLongConsumer<String> sftpOriginals() {
        return (what, n) -> ("retaken".equals(what)
                ? Counter.builder("mip.sftp.uploads.retaken")
                        .description("SFTP uploads that grew after they were taken (the client paused mid-upload), moved back to be taken again whole")
                : Counter.builder("mip.sftp.originals.deleted")
                        .description("SFTP uploads deleted after their copy in the raw bucket reached a durable outcome, or past the retention age")
                        .tag("reason", what)).register(registry()).increment(n);
    }

    /** Adds one to a counter (tags: key, value, ...), for events outside exchanges (a route reload). */
    public void increment(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(registry()).increment();
    }

    /** A gauge read from {@code value} at every scrape. */
    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).strongReference(true).register(registry());
    }

    /** Counts the bytes just published. */
    public Processor published() {
        return exchange -> {
            Long size = exchange.getIn().getHeader(Headers.OUTPUT_SIZE, Long.class);
            Counter.builder("mip.bytes").tag("direction", "out").register(registry()).increment(size == null ? 0 : size);
        };
    }

    /** Wraps a stage's processor so its duration is recorded, whatever it throws. */
    public Processor timed(String stage, Processor delegate) {
        return exchange -> {
            long t0 = System.nanoTime();
            try {
                delegate.process(exchange);
            } finally {
                Timer.builder("mip.stage").description("Time per pipeline stage").tag("stage", stage)
                        .register(registry()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** Called once Camel has started: its Prometheus registry becomes the one metrics go to. */
    public void attach(CamelContext context) {
        this.camel = context;
    }

    /** The value of a counter of this registry (summed over the series matching {@code tags}: key, value, ...). */
    public double count(String name, String... tags) {
        return registry().find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
