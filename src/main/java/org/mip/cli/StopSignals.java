package org.mip.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Takes over SIGTERM and SIGINT for {@code run}: from then on they count down a latch instead of
 * ending the JVM. Installed before anything starts, so a stop asked for at any moment (a pod scaled in
 * while it starts, or terminated right at readiness) is the normal stop, exit 0, and not the JVM's
 * default end in the middle of the start. No logger here: logging is set up later, from the settings.
 */
final class StopSignals {
    private StopSignals() {
    }

    static CountDownLatch listen() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
        }
        return stop;
    }
}
