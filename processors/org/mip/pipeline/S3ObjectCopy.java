package org.mip.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Copies an object inside S3, from {@code CamelAwsS3Key} in the source bucket to
 * {@code CamelAwsS3BucketDestinationName}/{@code CamelAwsS3DestinationKey}, whatever its size: one
 * CopyObject up to the single-request limit (5 GiB on AWS, {@code mip.s3.single-request-limit-mb}),
 * a multipart copy (UploadPartCopy of byte ranges) above it, where a CopyObject is refused
 * ("The specified copy source is larger than the maximum allowable size"). Camel's {@code copyObject}
 * operation is one CopyObject, so an input of more than 5 GiB could be neither quarantined as too large
 * nor archived: every redelivery failed the same way.
 *
 * <p>The size is {@code MipRawSize} when the fetch measured it, else a HEAD of the source. A missing
 * source throws {@code NoSuchKeyException}, as Camel's operation did. A failed multipart copy is
 * aborted (its parts would otherwise be billed until a lifecycle rule removes them). The copy is
 * written with the encryption the pipeline's other writes ask for ({@code mip.s3.sse}).
 */
public final class S3ObjectCopy implements Processor {
    /** AWS's limits on a part: at least 5 MiB (all but the last), at most 10,000 parts. */
    static final long MIN_PART = 5L << 20;
    static final int MAX_PARTS = 10_000;
    /** Parts of a server-side copy cost a request each and move no bytes through the pipeline: large ones. */
    static final long PREFERRED_PART = 512L << 20;

    private final S3Client s3;
    private final String sourceBucket;
    private final long singleRequestLimit;
    private final ServerSideEncryption sse;
    private final String kmsKeyId;

    /**
     * @param sse {@code none}, {@code AES256} or {@code aws:kms} ({@code mip.s3.sse})
     * @param kmsKeyId the key for {@code aws:kms}, or blank for the bucket's default
     */
    public S3ObjectCopy(S3Client s3, String sourceBucket, long singleRequestLimit, String sse, String kmsKeyId) {
        if (singleRequestLimit < MIN_PART) {
            throw new IllegalArgumentException("a single-request limit of " + singleRequestLimit + " bytes is under S3's 5 MiB part");
        }
        this.s3 = s3;
        this.sourceBucket = sourceBucket;
        this.singleRequestLimit = singleRequestLimit;
        this.sse = "none".equals(sse) || sse == null || sse.isBlank() ? null : ServerSideEncryption.fromValue(sse);
        this.kmsKeyId = this.sse == ServerSideEncryption.AWS_KMS && kmsKeyId != null && !kmsKeyId.isBlank() ? kmsKeyId : null;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String key = in.getHeader("CamelAwsS3Key", String.class);
        String targetBucket = in.getHeader("CamelAwsS3BucketDestinationName", String.class);
        String targetKey = in.getHeader("CamelAwsS3DestinationKey", String.class);
        Long known = in.getHeader(Headers.RAW_SIZE, Long.class);
        long size = known != null ? known : s3.headObject(b -> b.bucket(sourceBucket).key(key)).contentLength();
        copy(key, targetBucket, targetKey, size);
    }

    /** Copies {@code key} ({@code size} bytes) to {@code targetBucket}/{@code targetKey}. */
    void copy(String key, String targetBucket, String targetKey, long size) {
        if (size <= singleRequestLimit) {
            s3.copyObject(CopyObjectRequest.builder().sourceBucket(sourceBucket).sourceKey(key)
                    .destinationBucket(targetBucket).destinationKey(targetKey)
                    .serverSideEncryption(sse).ssekmsKeyId(kmsKeyId).build());
            return;
        }
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(targetBucket).key(targetKey)
                .serverSideEncryption(sse).ssekmsKeyId(kmsKeyId).build()).uploadId();
        try {
            long part = partSize(size, singleRequestLimit);
            List<CompletedPart> parts = new ArrayList<>();
            for (long first = 0; first < size; first += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + first + "-" + (Math.min(first + part, size) - 1);
                UploadPartCopyResponse copied = s3.uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(key)
                        .destinationBucket(targetBucket).destinationKey(targetKey).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range));
                parts.add(CompletedPart.builder().partNumber(number).eTag(copied.copyPartResult().eTag()).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(targetBucket).key(targetKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(targetBucket).key(targetKey).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /**
     * The part size for a copy of {@code size} bytes: {@value #PREFERRED_PART} bytes, or the limit when it
     * is lower, or more when 10,000 such parts would not hold the object.
     */
    static long partSize(long size, long singleRequestLimit) {
        long part = Math.min(PREFERRED_PART, singleRequestLimit);
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(part, needed);
    }
}
