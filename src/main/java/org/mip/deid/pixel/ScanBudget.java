package org.mip.deid.pixel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The CPU one instance's scan and check may use ({@code scan-seconds} of the profile). The detectors
 * bound their work per frame (OCR's 20 s deadline, the line search's budget), but an instance has up
 * to {@code scan-frames} frames, read again in its check, over up to six rounds: a 64-frame 640x480 cine
 * of pixel noise, "text" everywhere to the detectors, held a worker for 137 s of CPU, and larger frames
 * or a higher {@code scan-frames} hold it longer in proportion. Past the budget the instance is refused
 * ({@code BURNED_IN_SCAN_TOO_LONG}) instead.
 *
 * <p>CPU time of the scanning thread rather than wall time: a busy machine must not quarantine what a
 * calm one publishes, so the same file gets the same answer. Where the JVM cannot measure a thread's
 * CPU, wall time is used (the budget then errs towards refusing, never towards publishing).
 */
final class ScanBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongSupplier clock;
    private final long start;
    private final long limitNanos;
    private final int seconds;

    ScanBudget(int seconds, LongSupplier clock) {
        this.clock = clock;
        this.seconds = seconds;
        this.limitNanos = seconds * 1_000_000_000L;
        this.start = clock.getAsLong();
    }

    /** The CPU time of the calling thread in nanoseconds, or wall time where the JVM does not measure it. */
    static LongSupplier threadCpu() {
        if (THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
            return THREADS::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }

    boolean spent() {
        return clock.getAsLong() - start > limitNanos;
    }

    /** Seconds used so far, to one decimal. */
    double used() {
        return Math.round((clock.getAsLong() - start) / 1e8) / 10.0;
    }

    int seconds() {
        return seconds;
    }
}
