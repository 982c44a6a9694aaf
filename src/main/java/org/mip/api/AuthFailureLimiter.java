package org.mip.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications per client address: a token bucket of {@code burst} failures refilled at
 * {@code perSecond}. An address whose bucket is empty is refused (429 with Retry-After) before its
 * credential is even looked at, so guessing keys or replaying forged tokens costs time, and a good
 * guess cannot be told apart while blocked.
 *
 * <p>Memory is bounded: at most {@code capacity} addresses are tracked, least recently seen dropped
 * first (an attacker with more addresses than that can push a blocked one out; each address still
 * gets only {@code burst} tries per pass). Buckets that have filled up again are dropped as they are
 * met: an address that fails now and then leaves no trace.
 */
public final class AuthFailureLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureLimiter.class);
    /** About 150 bytes an entry: 10,000 addresses cost ~1.5 MB. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets;
    /** Addresses refused since the last log line: one line a minute at most, however many addresses fail. */
    private long refusedSinceLog;
    private long lastLog;
    private boolean logged;

    public AuthFailureLimiter(double perSecond, int burst) {
        this(perSecond, burst, DEFAULT_CAPACITY, System::nanoTime);
    }

    AuthFailureLimiter(double perSecond, int burst, int capacity, LongSupplier nanos) {
        if (perSecond <= 0 || burst < 1 || capacity < 1) {
            throw new IllegalArgumentException("rate must be > 0, burst and capacity >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > capacity;
            }
        };
    }

    /** 0 when {@code address} may try to authenticate; otherwise the whole seconds until it may (Retry-After). */
    public synchronized long blockedFor(String address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return 0;
        }
        b.refill(nanos.getAsLong());
        if (b.tokens >= burst) {
            buckets.remove(address);
            return 0;
        }
        return b.tokens >= 1 ? 0 : wait(b);
    }

    /** Counts one failed authentication of {@code address}. */
    public synchronized void failed(String address) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(now));
        b.refill(now);
        b.tokens = Math.max(0, b.tokens - 1);
        if (b.tokens < 1) {
            refusedSinceLog++;
            if (!logged || now - lastLog >= 60_000_000_000L) {
                LOG.warn("too many failed authentications: {} client address(es) refused for a while since the last such line,"
                        + " the latest {} for {} s (mip.api.auth-failure-limit.*)", refusedSinceLog, address, wait(b));
                logged = true;
                lastLog = now;
                refusedSinceLog = 0;
            }
        }
    }

    /** Addresses tracked now. */
    public synchronized int size() {
        return buckets.size();
    }

    private long wait(Bucket b) {
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
    }

    private final class Bucket {
        double tokens = burst;
        long last;

        Bucket(long now) {
            this.last = now;
        }

        void refill(long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
        }
    }
}
