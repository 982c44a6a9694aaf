package org.mip.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;

/**
 * The sizes of processed objects found in the last {@code ttl}, so that links to the same objects
 * asked for again (a viewer paging through a study, a script retrying, many clients of one study)
 * are signed without asking S3 again: the HEAD was most of a single link's cost (docs/BENCHMARKS.md,
 * "Download links"). Only objects found are kept: a key not found is asked every time, so an object
 * published a moment ago is linked at once.
 * <p>
 * The staleness this allows, and nothing more: a link may be signed, with the size S3 gave then, for
 * an object deleted or replaced up to {@code ttl} ago; its download then gets S3's 404, or the new
 * bytes. That is what a link signed just before the deletion gets anyway. Authorisation is never
 * cached: every key is checked against the caller's prefixes before this is asked. A ttl of 0 turns
 * it off.
 */
final class ExistenceCache {
    /** Keys kept at most; beyond it the least used go first (about 200 bytes each: 20 MB). */
    static final long MAX_KEYS = 100_000;

    private final Cache<String, Long> sizes;

    ExistenceCache(Duration ttl) {
        this.sizes = ttl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_KEYS).recordStats()
                // upkeep on the calling thread, not on the JVM's shared ForkJoin pool
                .executor(Runnable::run).build();
    }

    static ExistenceCache off() {
        return new ExistenceCache(Duration.ZERO);
    }

    /** The size found for {@code key} within the ttl, or null (never found, expired, or the cache is off). */
    Long size(String key) {
        return sizes == null ? null : sizes.getIfPresent(key);
    }

    /** Records that {@code key} exists with {@code size} bytes, as S3 said just now. */
    void found(String key, long size) {
        if (sizes != null) {
            sizes.put(key, size);
        }
    }

    /** Hits, misses and size as {@code cache_*{cache="link-existence"}} (nothing when off). */
    void bindTo(MeterRegistry registry) {
        if (sizes != null) {
            CaffeineCacheMetrics.monitor(registry, sizes, "link-existence");
        }
    }
}
