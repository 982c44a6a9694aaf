package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.local.LocalConfig;
import org.mip.local.LocalS3Server;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Existence and size of the keys of a signing request, against a real S3 server (the embedded
 * S3Proxy), with every request the lookup makes recorded: a study's keys take one listing, a
 * deleted object is absent, nothing outside the caller's prefixes is listed or HEADed, and keys
 * a bounded listing did not reach (a study with far more objects than asked for) are HEADed. With
 * the existence cache, a key found is not asked again within its lifetime, a key not found always is.
 */
class ObjectLookupTest {
    static final String BUCKET = "processed";
    static final String STUDY = "P1/2.25.7/";

    @TempDir
    static Path dir;
    static LocalS3Server server;
    static S3Client s3;
    /** Every S3 request made through {@link #s3}: "HEAD key" or "LIST prefix startAfter". */
    static final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    static final Map<String, Long> sizes = new HashMap<>();
    static final ParallelCalls calls = new ParallelCalls();

    @BeforeAll
    static void start() throws Exception {
        server = new LocalS3Server(new LocalConfig(dir, "127.0.0.1", 0, 0, 0, "k", "s", "us-east-1", List.of(BUCKET), List.of(),
                "u", "p"));
        server.start();
        s3 = org.mip.testing.LocalS3Clients.watched(server.endpoint(), "k", "s", new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof HeadObjectRequest h) {
                    requests.add("HEAD " + h.key());
                } else if (context.request() instanceof ListObjectsV2Request l) {
                    requests.add("LIST " + l.prefix() + " " + l.startAfter());
                }
            }
        });
        // a study of 100 instances in 4 series, with sidecars; the patient's other study holds 300 more
        for (int i = 0; i < 100; i++) {
            put(key(STUDY, i % 4, i), 1000 + i);
            put(key(STUDY, i % 4, i) + ".json", 2);
        }
        for (int i = 0; i < 300; i++) {
            put(key("P1/2.25.8/", i % 4, i), 10);
        }
        // a series of 60 objects for the bounded listing
        for (int i = 0; i < 60; i++) {
            put(key("P2/2.25.9/", 0, 100 + i), 500 + i);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String key(String study, int series, int instance) {
        return study + "2.25.7" + series + "/2.25.9" + series + "0" + instance + ".dcm";
    }

    static void put(String key, long size) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(new byte[(int) size]));
        sizes.put(key, size);
    }

    static Caller caller(String... prefixes) {
        return new Caller("test", Caller.Kind.API_KEY, List.of(prefixes));
    }

    List<String> studyKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(key(STUDY, i % 4, i));
        }
        return keys;
    }

    @Test
    void aStudysHundredKeysTakeOneListingWithTheirTrueSizes() {
        requests.clear();
        Map<String, Long> found = new ObjectLookup(s3, BUCKET, calls, ExistenceCache.off()).sizes(caller("P1/"), studyKeys());
        assertEquals(100, found.size());
        for (String k : studyKeys()) {
            assertEquals(sizes.get(k), found.get(k), k);
        }
        assertEquals(List.of("LIST " + STUDY + " " + key(STUDY, 0, 0).substring(0, key(STUDY, 0, 0).length() - 1)),
                List.copyOf(requests), "one LIST of the study, starting at its first key asked");
    }

    @Test
    void aDeletedObjectAndAnUnknownKeyAreAbsentWithoutAHead() {
        String gone = "P3/2.25.6/2.25.61/2.25.99.dcm";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String k = "P3/2.25.6/2.25.61/2.25.6" + (10 + i) + ".dcm";
            put(k, 100 + i);
            keys.add(k);
        }
        put(gone, 7);
        keys.add(gone);
        s3.deleteObject(b -> b.bucket(BUCKET).key(gone));
        keys.add("P3/2.25.6/2.25.61/2.25.698.dcm"); // never existed
        requests.clear();
        Map<String, Long> found = new ObjectLookup(s3, BUCKET, calls, ExistenceCache.off()).sizes(caller("*"), keys);
        assertEquals(20, found.size(), found.toString());
        assertFalse(found.containsKey(gone), "a deleted object gets no size, so no link");
        assertFalse(found.containsKey("P3/2.25.6/2.25.61/2.25.698.dcm"));
        assertEquals(1, requests.size(), "one LIST and no HEAD: " + requests);
        assertTrue(requests.peek().startsWith("LIST P3/2.25.6/2.25.61/ "), requests.toString());
    }

    @Test
    void nothingOutsideTheCallersPrefixesIsListedOrHeaded() {
        // the caller may see two series of the study, not the study: its 50 keys of them are HEADed, not listed
        String a = STUDY + "2.25.70/";
        String b = STUDY + "2.25.71/";
        List<String> keys = studyKeys().stream().filter(k -> k.startsWith(a) || k.startsWith(b)).toList();
        requests.clear();
        Map<String, Long> found = new ObjectLookup(s3, BUCKET, calls, ExistenceCache.off()).sizes(caller(a, b), keys);
        assertEquals(50, found.size());
        assertTrue(requests.stream().noneMatch(r -> r.startsWith("LIST")), "no listing of " + STUDY + ": " + requests);
        assertTrue(requests.stream().allMatch(r -> r.startsWith("HEAD " + a) || r.startsWith("HEAD " + b)), requests.toString());
        // one series alone is listed: its prefix lies within the caller's
        List<String> one = keys.stream().filter(k -> k.startsWith(a)).toList();
        requests.clear();
        assertEquals(25, new ObjectLookup(s3, BUCKET, calls, ExistenceCache.off()).sizes(caller(a, b), one).size());
        assertEquals(1, requests.size(), requests.toString());
        assertTrue(requests.peek().startsWith("LIST " + a + " "), requests.toString());
    }

    @Test
    void keysABoundedListingDidNotReachAreHeaded() {
        // 13 keys spread over a series of 60 objects, listed 10 a page: the budget is one page (13 / 13),
        // so the keys past the first page get a HEAD each, and their sizes are still true
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            keys.add(key("P2/2.25.9/", 0, 100 + i * 4));
        }
        requests.clear();
        Map<String, Long> found = new ObjectLookup(s3, BUCKET, calls, 10, ExistenceCache.off()).sizes(caller("P2/"), keys);
        assertEquals(13, found.size());
        for (String k : keys) {
            assertEquals(sizes.get(k), found.get(k), k);
        }
        long lists = requests.stream().filter(r -> r.startsWith("LIST")).count();
        long heads = requests.stream().filter(r -> r.startsWith("HEAD")).count();
        assertEquals(1, lists, requests.toString());
        assertEquals(10, heads, "the first page (10 objects from the first key) holds 3 of the keys: " + requests);
    }

    @Test
    void fewKeysOfAStudyAreHeadedInParallel() {
        List<String> keys = studyKeys().subList(0, 12);
        requests.clear();
        assertEquals(12, new ObjectLookup(s3, BUCKET, calls, ExistenceCache.off()).sizes(caller("*"), keys).size());
        assertEquals(12, requests.stream().filter(r -> r.startsWith("HEAD")).count(), "below 13 keys a HEAD is cheaper: " + requests);
    }

    @Test
    void commonPrefixIsWholeSegments() {
        assertEquals("P1/2.25.7/", ObjectLookup.commonPrefix("P1/2.25.7/2.25.70/2.25.1.dcm", "P1/2.25.7/2.25.71/2.25.1.dcm"));
        assertEquals("P1/2.25.7/2.25.70/", ObjectLookup.commonPrefix("P1/2.25.7/2.25.70/2.25.1.dcm", "P1/2.25.7/2.25.70/2.25.1.dcm"));
        assertEquals("P1/2.25.7/2.25.70/", ObjectLookup.commonPrefix("P1/2.25.7/2.25.70/2.25.12.dcm", "P1/2.25.7/2.25.70/2.25.13.dcm"));
        assertEquals("P1/2.25.7/", ObjectLookup.commonPrefix("P1/2.25.7/2.25.7/2.25.1.dcm", "P1/2.25.7/2.25.70/2.25.1.dcm"));
    }

    @Test
    void aKeyFoundIsNotAskedAgainWithinTheCachesLifetimeAndAKeyNotFoundAlwaysIs() throws Exception {
        ObjectLookup lookup = new ObjectLookup(s3, BUCKET, calls, new ExistenceCache(Duration.ofMillis(800)));
        String a = key("P2/2.25.9/", 0, 100);
        String gone = key("P2/2.25.9/", 0, 999);
        requests.clear();
        assertEquals(Map.of(a, 500L), lookup.sizes(caller("P2/"), List.of(a, gone)));
        assertEquals(Map.of(a, 500L), lookup.sizes(caller("P2/"), List.of(a, gone)));
        assertEquals(List.of("HEAD " + a, "HEAD " + gone, "HEAD " + gone), sorted(requests),
                "the second lookup asked S3 only for the key not found");

        put(gone, 7); // published a moment later: found at once
        requests.clear();
        assertEquals(Map.of(a, 500L, gone, 7L), lookup.sizes(caller("P2/"), List.of(a, gone)));
        assertEquals(List.of("HEAD " + gone), List.copyOf(requests));

        Thread.sleep(900); // the lifetime is over: asked again
        requests.clear();
        lookup.sizes(caller("P2/"), List.of(a));
        assertEquals(List.of("HEAD " + a), List.copyOf(requests));
        s3.deleteObject(b -> b.bucket(BUCKET).key(gone));
        sizes.remove(gone);
    }

    @Test
    void aKeyAskedForWithoutPauseIsStillAskedOfS3OnceItsLifetimeIsOver() throws Exception {
        ObjectLookup lookup = new ObjectLookup(s3, BUCKET, calls, new ExistenceCache(Duration.ofMillis(600)));
        String a = key("P2/2.25.9/", 0, 101);
        requests.clear();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1500)) {
            assertEquals(Map.of(a, 501L), lookup.sizes(caller("P2/"), List.of(a)));
            Thread.sleep(50);
        }
        // asked at the start, then at least once per 600 ms whatever the hits in between
        assertTrue(requests.size() >= 3, "HEADs in 1.5 s of lookups every 50 ms: " + requests);
        assertTrue(requests.size() <= 6, "the hits in between were not asked of S3: " + requests);
    }

    @Test
    void aStudyListedOnceIsKnownToTheSingleLinksThatFollow() {
        ObjectLookup lookup = new ObjectLookup(s3, BUCKET, calls, new ExistenceCache(Duration.ofSeconds(30)));
        requests.clear();
        lookup.sizes(caller("P1/"), studyKeys());
        assertEquals(1, requests.size(), requests.toString());
        for (String key : studyKeys()) {
            assertEquals(Map.of(key, sizes.get(key)), lookup.sizes(caller("P1/"), List.of(key)));
        }
        assertEquals(1, requests.size(), "no HEAD after the listing: " + requests);
    }

    static List<String> sorted(java.util.Collection<String> c) {
        return c.stream().sorted().toList();
    }
}
