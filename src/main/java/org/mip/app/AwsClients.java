package org.mip.app;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients of the application, built once from the settings and shared by the routes
 * (as registry beans) and the processors. In local mode they point at the embedded servers with
 * the local credentials; in AWS mode credentials come from the default provider chain (IRSA in
 * Kubernetes) and endpoints from the region.
 */
public final class AwsClients implements AutoCloseable {
    private final S3Client s3;
    private final S3Client s3Listing;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final S3Presigner presigner;

    /**
     * @param settings the effective properties (local mode has filled in the embedded endpoints)
     * @param local    use the local credentials instead of the default provider chain
     */
    public AwsClients(java.util.function.Function<String, String> settings, boolean local) {
        Region region = Region.of(settings.apply("mip.aws.region"));
        AwsCredentialsProvider credentials = local
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.apply("mip.local.access-key"), settings.apply("mip.local.secret-key")))
                : DefaultCredentialsProvider.builder().build();
        boolean pathStyle = Boolean.parseBoolean(settings.apply("mip.s3.path-style"));
        ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofMinutes(5))
                .build();

        java.util.function.Supplier<software.amazon.awssdk.services.s3.S3ClientBuilder> s3Builder = () -> {
            var b = S3Client.builder().region(region).credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
            if (!settings.apply("mip.s3.endpoint").isEmpty()) {
                b.endpointOverride(URI.create(settings.apply("mip.s3.endpoint")));
            }
            return b;
        };
        var s3b = s3Builder.get().overrideConfiguration(timeouts);
        var sqsb = SqsClient.builder().region(region).credentialsProvider(credentials);
        var snsb = SnsClient.builder().region(region).credentialsProvider(credentials);
        // Camel's createDownloadLink ignores forcePathStyle, so the presigner is built here with it.
        var preb = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (!settings.apply("mip.s3.endpoint").isEmpty()) {
            preb.endpointOverride(URI.create(settings.apply("mip.s3.endpoint")));
        }
        if (!settings.apply("mip.sqs.endpoint").isEmpty()) {
            sqsb.endpointOverride(URI.create(settings.apply("mip.sqs.endpoint")));
        }
        this.s3 = s3b.build();
        // The raw bucket's poller (the aws2-s3 consumer) GETs every object it lists, even with
        // ignoreBody=true, and closing the response drains it: every raw object would be downloaded
        // twice (once here for nothing, once by the pipeline), a 4 GB one included. Its own client asks
        // for the first byte only.
        this.s3Listing = s3Builder.get()
                .overrideConfiguration(timeouts.toBuilder().addExecutionInterceptor(new FirstByteOnly()).build()).build();
        this.sqs = sqsb.build();
        this.sns = snsb.build();
        this.presigner = preb.build();
    }

    public S3Client s3() {
        return s3;
    }

    /** The client of the raw bucket's poller: its GetObject requests fetch the first byte only. */
    public S3Client s3Listing() {
        return s3Listing;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SnsClient sns() {
        return sns;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    /**
     * Turns a GetObject into a request for its first byte. An empty object has no first byte: S3
     * answers 416, which is turned back into the 200 with an empty body a whole GET would have had
     * (the poller would otherwise fail on it at every poll, and it would never leave the raw bucket).
     * An object that is gone (404: the pipeline finished it between the poller's listing and its probe)
     * is answered the same way: the consumer would otherwise fail the whole poll with two WARN stack
     * traces; now its exchange stops at the fetch, which finds the object gone.
     */
    static final class FirstByteOnly implements ExecutionInterceptor {
        private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> EMPTY =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("mip.emptyObject");

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetObjectRequest get && get.range() == null) {
                return get.toBuilder().range("bytes=0-0").build();
            }
            return context.request();
        }

        @Override
        public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                                                                               ExecutionAttributes attributes) {
            int status = context.httpResponse().statusCode();
            if (context.request() instanceof GetObjectRequest && (status == 416 || status == 404)) {
                attributes.putAttribute(EMPTY, true);
                return context.httpResponse().toBuilder().statusCode(200).statusText("OK")
                        .putHeader("Content-Length", "0").removeHeader("Content-Range").build();
            }
            return context.httpResponse();
        }

        @Override
        public java.util.Optional<java.io.InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                                                  ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(EMPTY))) {
                return java.util.Optional.of(java.io.InputStream.nullInputStream());
            }
            return context.responseBody();
        }
    }

    @Override
    public void close() {
        s3.close();
        s3Listing.close();
        sqs.close();
        sns.close();
        presigner.close();
    }
}
