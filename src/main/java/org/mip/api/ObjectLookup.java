package org.mip.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Whether the objects of a signing request exist in the processed bucket, and their sizes: keys
 * found in the last few seconds come from the {@link ExistenceCache} (its staleness is stated there);
 * the others are asked of S3 at the time of the request with as few requests as give a true answer:
 * <ul>
 * <li>{@link #LIST_MIN_KEYS} or more keys of one study ({@code <patient>/<study>/}) are found by a
 * ListObjectsV2 of their longest common prefix, starting just before the smallest key and stopped as
 * soon as it has passed the greatest, after at most (keys / {@link #LIST_MIN_KEYS}) pages: the
 * listing never costs more than the HEADs it replaces. A key a finished listing did not show is
 * absent; keys beyond where a bounded listing stopped (a study holding far more objects than were
 * asked for) get a HEAD each. The prefix listed must lie within one of the caller's prefixes, so
 * nothing outside them is ever listed (else the keys get HEADs);</li>
 * <li>every other key gets a HEAD;</li>
 * </ul>
 * all at most {@link ParallelCalls#PARALLEL} at a time. Keys are ASCII (ObjectKeys), so Java's
 * string order is S3's listing order (UTF-8 bytes) for them.
 */
final class ObjectLookup {
    /**
     * A LIST request costs 12.5 HEADs on S3 (us-east-1: $0.005 per 1,000 LIST, $0.0004 per 1,000
     * HEAD/GET): a listing page pays when it answers at least 13 keys.
     */
    static final int LIST_MIN_KEYS = 13;

    private final S3Client s3;
    private final String bucket;
    private final ParallelCalls calls;
    private final int pageSize;
    private final ExistenceCache cache;

    ObjectLookup(S3Client s3, String bucket, ParallelCalls calls, ExistenceCache cache) {
        this(s3, bucket, calls, 1000, cache);
    }

    /** @param pageSize objects per listing page (S3's most and default: 1000; smaller in tests) */
    ObjectLookup(S3Client s3, String bucket, ParallelCalls calls, int pageSize, ExistenceCache cache) {
        this.s3 = s3;
        this.bucket = bucket;
        this.calls = calls;
        this.pageSize = pageSize;
        this.cache = cache;
    }

    /** The size of each of {@code keys} (all within the caller's prefixes) that exists; absent keys are missing from the map. */
    Map<String, Long> sizes(Caller caller, List<String> keys) {
        Map<String, Long> found = new ConcurrentHashMap<>(); // what S3 answered now
        Map<String, Long> known = new LinkedHashMap<>(); // what the cache knew
        Map<String, TreeSet<String>> studies = new LinkedHashMap<>();
        for (String key : keys) {
            Long cached = cache.size(key);
            if (cached != null) {
                known.put(key, cached);
                continue;
            }
            ObjectKeys.Parts p = ObjectKeys.parts(key);
            studies.computeIfAbsent(p.patient() + "/" + p.studyUid() + "/", s -> new TreeSet<>()).add(key);
        }
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (TreeSet<String> study : studies.values()) {
            String prefix = commonPrefix(study.first(), study.last());
            if (study.size() >= LIST_MIN_KEYS && caller.mayList(prefix)) {
                tasks.add(() -> list(prefix, study, found));
            } else {
                for (String key : study) {
                    tasks.add(() -> head(key, found));
                }
            }
        }
        List<Callable<List<String>>> rest = new ArrayList<>();
        for (List<String> unresolved : calls.runAll(tasks)) {
            for (String key : unresolved) {
                rest.add(() -> head(key, found));
            }
        }
        calls.runAll(rest);
        // only what S3 answered now: putting a hit back would restart its lifetime, and a key asked for
        // without pause would never be asked of S3 again
        found.forEach(cache::found);
        found.putAll(known);
        return found;
    }

    /** Lists {@code prefix} for {@code wanted} (sorted); returns the keys the bounded listing did not reach. */
    private List<String> list(String prefix, TreeSet<String> wanted, Map<String, Long> found) {
        int budget = Math.max(1, wanted.size() / LIST_MIN_KEYS);
        Set<String> asked = new HashSet<>(wanted);
        String first = wanted.first();
        // S3's start-after is exclusive: the smallest key less its last character sorts just before it
        String startAfter = first.substring(0, first.length() - 1);
        String token = null;
        String reached = null;
        for (int page = 0; page < budget; page++) {
            String t = token;
            ListObjectsV2Response r = call(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).startAfter(startAfter).maxKeys(pageSize)
                    .continuationToken(t)));
            for (S3Object o : r.contents()) {
                if (asked.contains(o.key())) {
                    found.put(o.key(), o.size());
                }
            }
            if (!r.contents().isEmpty()) {
                reached = r.contents().get(r.contents().size() - 1).key();
            }
            if (!r.isTruncated() || (reached != null && reached.compareTo(wanted.last()) >= 0)) {
                return List.of(); // the listing covered every key asked: the others are absent
            }
            token = r.nextContinuationToken();
        }
        return reached == null ? List.copyOf(wanted) : List.copyOf(wanted.tailSet(reached, false));
    }

    private List<String> head(String key, Map<String, Long> found) {
        try {
            found.put(key, call(() -> s3.headObject(b -> b.bucket(bucket).key(key))).contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw DownloadLinks.storageProblem(e);
            }
        }
        return List.of();
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw e;
            }
            throw DownloadLinks.storageProblem(e);
        } catch (SdkException e) {
            throw DownloadLinks.storageProblem(e);
        }
    }

    /** The longest common prefix of two keys that ends with a {@code /} (whole segments). */
    static String commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return a.substring(0, a.lastIndexOf('/', n - 1) + 1);
    }
}
