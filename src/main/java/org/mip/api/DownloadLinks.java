package org.mip.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs download links to objects of the processed bucket, and lists a study's objects. Every key
 * is authorised against the caller's prefixes before S3 is asked anything, so a caller never learns
 * whether an object outside its prefixes exists. Links are SigV4 presigned GETs ({@link LinkSigner})
 * that make S3 answer with {@code Content-Type: application/dicom} and an attachment named
 * {@code <SOP UID>.dcm}; the links of one request share their signing time and expiry.
 * S3 calls of one request run in parallel on a small shared pool ({@link ParallelCalls}).
 */
public final class DownloadLinks {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadLinks.class);
    public static final String CONTENT_TYPE = "application/dicom";

    private final S3Client s3;
    private final LinkSigner signer;
    private final String bucket;
    private final int maxListRequests;
    private final ParallelCalls calls;
    private final ObjectLookup lookup;
    private final ExistenceCache existence;

    /** Without the existence cache: every key is asked of S3. */
    public DownloadLinks(S3Client s3, LinkSigner signer, String bucket, int maxListRequests) {
        this(s3, signer, bucket, maxListRequests, Duration.ZERO);
    }

    /** @param existenceTtl how long an object found stays known ({@link ExistenceCache}); 0: not at all */
    public DownloadLinks(S3Client s3, LinkSigner signer, String bucket, int maxListRequests, Duration existenceTtl) {
        this.s3 = s3;
        this.signer = signer;
        this.bucket = bucket;
        this.maxListRequests = maxListRequests;
        this.calls = new ParallelCalls();
        this.existence = new ExistenceCache(existenceTtl);
        this.lookup = new ObjectLookup(s3, bucket, calls, existence);
    }

    /** The existence cache's hits, misses and size as metrics. */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        existence.bindTo(registry);
    }

    /** One key's outcome: a link, or an error code (not_found, forbidden) with a detail. */
    public sealed interface Result permits Signed, Failed {
        String key();
    }

    public record Signed(String key, String url, Instant expiresAt, long sizeBytes, String contentType) implements Result {
    }

    public record Failed(String key, String error, String detail) implements Result {
    }

    /**
     * Signs each (already well-formed) key for {@code caller}, in order. Keys outside the caller's
     * prefixes are refused before anything is asked of S3. The others are looked up (existence and
     * size) through {@link ObjectLookup}: found in the last seconds, else one listing for many keys
     * of one study, a HEAD for the rest, in parallel.
     */
    public List<Result> sign(Caller caller, List<String> keys, Duration expiry) {
        Result[] out = new Result[keys.size()];
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!caller.mayAccess(keys.get(i))) {
                out[i] = new Failed(keys.get(i), "forbidden", "outside the prefixes of " + caller.name());
            } else {
                allowed.add(keys.get(i));
            }
        }
        Map<String, Long> sizes = allowed.isEmpty() ? Map.of() : lookup.sizes(caller, allowed);
        AwsCredentialsIdentity identity = sizes.isEmpty() ? null : signer.credentials();
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < keys.size(); i++) {
            if (out[i] == null) {
                String key = keys.get(i);
                Long size = sizes.get(key);
                out[i] = size == null ? new Failed(key, "not_found", "no such object in the processed bucket")
                        : signed(identity, key, size, signedAt, expiry);
            }
        }
        return List.of(out);
    }

    private Signed signed(AwsCredentialsIdentity identity, String key, long size, Instant signedAt, Duration expiry) {
        String disposition = "attachment; filename=\"" + ObjectKeys.parts(key).fileName() + "\"";
        String url = signer.sign(identity, key, CONTENT_TYPE, disposition, signedAt, expiry).toString();
        return new Signed(key, url, signedAt.plus(expiry), size, CONTENT_TYPE);
    }

    /** An object of a study listing. */
    public record StudyObject(String key, String patient, String seriesUid, String sopInstanceUid, long sizeBytes,
                              Instant lastModified) {
    }

    /**
     * The {@code .dcm} objects of a study that the caller may see. Without {@code patient}, the
     * patients to look under come from the caller's prefixes; a caller allowed everything makes
     * the service list every patient of the bucket (one LIST per 1000 patients) and then one LIST
     * per patient: O(patients) requests, refused beyond {@code maxListRequests}.
     */
    public List<StudyObject> study(Caller caller, String studyUid, String patient) {
        AtomicInteger lists = new AtomicInteger();
        Set<String> patients = new LinkedHashSet<>();
        if (patient != null) {
            patients.add(patient);
        } else if (caller.mayAccessEverything()) {
            String token = null;
            do {
                count(lists, studyUid);
                ListObjectsV2Response page = list(ListObjectsV2Request.builder().bucket(bucket).delimiter("/")
                        .continuationToken(token).build());
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(0, p.prefix().length() - 1);
                    if (ObjectKeys.isPatient(name)) {
                        patients.add(name);
                    }
                }
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
        } else {
            for (String prefix : caller.prefixes()) {
                String[] s = prefix.split("/");
                if (s.length >= 2 && !s[1].equals(studyUid)) {
                    continue; // a prefix inside another study
                }
                patients.add(s[0]);
            }
        }
        if (patients.size() > maxListRequests - lists.get()) {
            throw ApiProblem.scanTooBroad("finding study " + studyUid + " would list " + patients.size()
                    + " patients (more than mip.api.study-scan.max-list-requests = " + maxListRequests
                    + "): pass ?patient=<pseudonym>");
        }
        List<Callable<List<StudyObject>>> tasks = new ArrayList<>();
        for (String p : patients) {
            tasks.add(() -> listStudyOfPatient(caller, p, studyUid, lists));
        }
        List<StudyObject> out = new ArrayList<>();
        for (List<StudyObject> part : calls.runAll(tasks)) {
            out.addAll(part);
        }
        out.sort(Comparator.comparing(StudyObject::key));
        return out;
    }

    private List<StudyObject> listStudyOfPatient(Caller caller, String patient, String studyUid, AtomicInteger lists) {
        List<StudyObject> out = new ArrayList<>();
        String token = null;
        do {
            count(lists, studyUid);
            ListObjectsV2Response page = list(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(patient + "/" + studyUid + "/").continuationToken(token).build());
            for (S3Object o : page.contents()) {
                String key = o.key();
                if (key.endsWith(".dcm") && ObjectKeys.problem(key) == null && caller.mayAccess(key)) {
                    ObjectKeys.Parts parts = ObjectKeys.parts(key);
                    out.add(new StudyObject(key, parts.patient(), parts.seriesUid(), parts.sopInstanceUid(), o.size(),
                            o.lastModified()));
                }
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private void count(AtomicInteger lists, String studyUid) {
        if (lists.incrementAndGet() > maxListRequests) {
            throw ApiProblem.scanTooBroad("finding study " + studyUid + " needs more than " + maxListRequests
                    + " S3 LIST requests (mip.api.study-scan.max-list-requests): pass ?patient=<pseudonym>");
        }
    }

    private ListObjectsV2Response list(ListObjectsV2Request request) {
        try {
            return s3.listObjectsV2(request);
        } catch (SdkException e) {
            throw storageProblem(e);
        }
    }

    static ApiProblem storageProblem(SdkException e) {
        LOG.warn("the processed bucket cannot be read: {}", e.getMessage());
        return ApiProblem.unavailable("the processed bucket cannot be read now", 5);
    }
}
