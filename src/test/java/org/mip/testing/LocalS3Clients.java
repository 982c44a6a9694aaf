package org.mip.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** S3 clients of an embedded S3 server, and uploads through them. */
public final class LocalS3Clients {
    /** S3's smallest part (all but the last). */
    public static final int PART = 5 << 20;

    private LocalS3Clients() {
    }

    /** A client (path-style, us-east-1) that shows {@code watcher} each request. */
    public static S3Client watched(URI endpoint, String accessKey, String secretKey, ExecutionInterceptor watcher) {
        return S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(endpoint)
                .overrideConfiguration(c -> c.addExecutionInterceptor(watcher)).build();
    }

    /**
     * Stores {@code data} under {@code key} in parts of {@link #PART} bytes (one part when smaller), as the
     * AWS CLI does over 8 MiB: one PUT of it could be over an embedded server's lowered single-request limit.
     */
    public static void putInParts(S3Client s3, String bucket, String key, byte[] data) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int first = 0, n = 1; first == 0 || first < data.length; first += PART, n++) {
            int number = n;
            byte[] bytes = Arrays.copyOfRange(data, first, Math.min(first + PART, data.length));
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number),
                    RequestBody.fromBytes(bytes)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(u -> u.parts(parts)));
    }
}
