package org.mip.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3Proxy's store with a mark on disk for every object write under way: a file in the marks folder
 * naming the bucket and key, made before the write and removed after it, whatever its outcome. A
 * kill cannot remove a mark, so after one the marks name the writes it interrupted, and
 * {@link InterruptedUploads} knows which {@code <key>-<uuid>} files are their temporary files even
 * when S3Proxy had already given them their ETag (it sets its attributes before its rename).
 *
 * <p>Listings leave out those temporary files, as S3 lists no upload before it completes: a poll that
 * listed one between its ETag and its rename processed the object twice, once under each name
 * (SftpIngestTest, 101 outcomes for 100 uploads). A name is left out while a write of its key is under
 * way and for {@value #SETTLE_SECONDS} s after, so that a listing taken during the write but filtered
 * after it still leaves it out; an object a client really named {@code <key>-<uuid>} is only listed
 * that much later.
 */
final class MarkedWritesBlobStore extends ForwardingBlobStore {
    static final int SETTLE_SECONDS = 60;
    private static final long SETTLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
    private final Path marks;
    /** "bucket/key" of writes under way (count) and of writes ended (when, in nanoseconds). */
    private final Map<String, Integer> writing = new ConcurrentHashMap<>();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong pruned = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    MarkedWritesBlobStore(BlobStore delegate, Path marks) throws IOException {
        super(delegate);
        this.marks = Files.createDirectories(marks);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        return marked(request.bucket(), request.key(), () -> super.putBlob(request, input));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return marked(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        return marked(upload.containerName(), upload.blobName(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response listed = super.list(request);
        List<S3Object> shown = listed.contents().stream().filter(o -> !temporary(request.bucket(), o.key())).toList();
        return shown.size() == listed.contents().size() ? listed : listed.toBuilder().contents(shown).keyCount(shown.size()).build();
    }

    /** Whether {@code name} is {@code <key>-<uuid>} for a key written now or in the last minute. */
    private boolean temporary(String bucket, String name) {
        Matcher m = InterruptedUploads.TEMPORARY_NAME.matcher(name);
        if (!m.matches()) {
            return false;
        }
        String id = bucket + "/" + m.group(1);
        Long end = ended.get(id);
        return writing.containsKey(id) || end != null && System.nanoTime() - end < SETTLE_NANOS;
    }

    private <T> T marked(String bucket, String key, Supplier<T> write) {
        String id = bucket + "/" + key;
        writing.merge(id, 1, Integer::sum);
        try {
            return markedOnDisk(bucket, key, write);
        } finally {
            long now = System.nanoTime();
            ended.put(id, now);
            writing.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
            long last = pruned.get();
            if (now - last > 1_000_000_000L && pruned.compareAndSet(last, now)) { // at most once a second
                ended.values().removeIf(t -> now - t > SETTLE_NANOS);
            }
        }
    }

    private <T> T markedOnDisk(String bucket, String key, Supplier<T> write) {
        Path mark = marks.resolve(UUID.randomUUID().toString());
        try {
            // not forced to disk: it guards against a killed process, whose writes the kernel keeps
            Files.write(mark, (bucket + "\n" + key).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark a write under way in " + marks, e);
        }
        try {
            return write.get();
        } finally {
            try {
                Files.deleteIfExists(mark);
            } catch (IOException e) {
                // the write is done; a mark left behind only makes the next start look at this key's folder
            }
        }
    }
}
