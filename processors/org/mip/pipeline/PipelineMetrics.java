package org.mip.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
                    MeterRegistry found = camel == null ? null : camel.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = found != null ? found : new SimpleMeterRegistry();
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

    public int inFlight() {
        return inFlight.get();
    }
}
