package org.mip.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

/** Where the pipeline's and the REST API's meters go, so /observe/metrics serves them beside Camel's. */
public final class MeterRegistries {
    private MeterRegistries() {
    }

    /**
     * The registry /observe/metrics serves: Camel binds one or more (a composite and the Prometheus
     * one); the Prometheus registry is preferred. Without a Camel context (before it starts, in unit
     * tests), a private registry.
     */
    public static MeterRegistry of(CamelContext camel) {
        if (camel == null) {
            return new SimpleMeterRegistry();
        }
        MeterRegistry chosen = null;
        for (MeterRegistry r : camel.getRegistry().findByType(MeterRegistry.class)) {
            if (r.getClass().getSimpleName().startsWith("Prometheus")) {
                return r;
            }
            chosen = r;
        }
        return chosen != null ? chosen : new SimpleMeterRegistry();
    }
}
