package org.mip.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** An S3 client of an embedded S3 server (path-style, us-east-1), seeing each request through {@code watcher}. */
public final class LocalS3Clients {
    private LocalS3Clients() {
    }

    public static S3Client watched(URI endpoint, String accessKey, String secretKey, ExecutionInterceptor watcher) {
        return S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(endpoint)
                .overrideConfiguration(c -> c.addExecutionInterceptor(watcher)).build();
    }
}
