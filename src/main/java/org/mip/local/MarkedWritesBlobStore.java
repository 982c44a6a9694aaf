package org.mip.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy's store with a mark on disk for every object write under way: a file in the marks folder
 * naming the bucket and key, made before the write and removed after it, whatever its outcome. A
 * kill cannot remove a mark, so after one the marks name the writes it interrupted, and
 * {@link InterruptedUploads} knows which {@code <key>-<uuid>} files are their temporary files even
 * when S3Proxy had already given them their ETag (it sets its attributes before its rename).
 */
final class MarkedWritesBlobStore extends ForwardingBlobStore {
    private final Path marks;

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

    private <T> T marked(String bucket, String key, Supplier<T> write) {
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
