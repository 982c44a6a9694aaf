package org.mip.app;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mip.api.LinkSigner;
import org.mip.config.ConfigException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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
    /** The system property naming extra SDK interceptors (tests only): {@link #configuredInterceptors()}. */
    public static final String INTERCEPTORS_PROPERTY = "mip.aws.execution-interceptors";
    private final S3Client s3;
    private final S3Client s3Listing;
    private final SdkHttpClient listingHttp;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final S3Presigner presigner;
    private final Region region;
    private final AwsCredentialsProvider credentials;

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
        List<ExecutionInterceptor> extra = configuredInterceptors();
        ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofMinutes(5))
                .executionInterceptors(extra)
                .build();

        // the SDK's Apache client; in local mode it sets up TLS only when an endpoint asks for it
        java.util.function.Supplier<ApacheHttpClient.Builder> http = () -> local
                ? ApacheHttpClient.builder().socketFactory(new LazyTlsSocketFactory()) : ApacheHttpClient.builder();
        java.util.function.Supplier<software.amazon.awssdk.services.s3.S3ClientBuilder> s3Builder = () -> {
            var b = S3Client.builder().region(region).credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
            if (!settings.apply("mip.s3.endpoint").isEmpty()) {
                b.endpointOverride(URI.create(settings.apply("mip.s3.endpoint")));
            }
            return b;
        };
        var s3b = s3Builder.get().httpClientBuilder(http.get()).overrideConfiguration(timeouts);
        ClientOverrideConfiguration observed = ClientOverrideConfiguration.builder().executionInterceptors(extra).build();
        var sqsb = SqsClient.builder().region(region).credentialsProvider(credentials).httpClientBuilder(http.get())
                .overrideConfiguration(observed);
        var snsb = SnsClient.builder().region(region).credentialsProvider(credentials).httpClientBuilder(http.get())
                .overrideConfiguration(observed);
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
        // twice (once here for nothing, once by the pipeline), a 4 GB one included. Its own client
        // turns that GET into a probe that its HTTP client answers without a request.
        this.listingHttp = new ProbeAnsweringHttpClient(http.get().build());
        this.s3Listing = s3Builder.get().httpClient(listingHttp)
                .overrideConfiguration(timeouts.toBuilder().addExecutionInterceptor(new FirstByteOnly()).build()).build();
        this.sqs = sqsb.build();
        this.sns = snsb.build();
        this.presigner = preb.build();
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * Interceptors added to every client built here, named (comma-separated class names with a
     * public no-argument constructor) by the system property {@value #INTERCEPTORS_PROPERTY}. The
     * tests record every call the application makes with it and hold the calls to the IAM policies
     * of terraform/ (org.mip.infra.IamCoverageTest). Unset in production: nothing is added.
     */
    static List<ExecutionInterceptor> configuredInterceptors() {
        String names = System.getProperty(INTERCEPTORS_PROPERTY, "");
        List<ExecutionInterceptor> out = new ArrayList<>();
        for (String name : names.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                out.add((ExecutionInterceptor) Class.forName(name.strip()).getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new ConfigException(List.of(INTERCEPTORS_PROPERTY + " names " + name.strip()
                        + ", which is not an AWS SDK ExecutionInterceptor with a public no-argument constructor"));
            }
        }
        return out;
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

    /** Signs download links to objects of {@code bucket} as {@link #presigner} would, with less work per link. */
    public LinkSigner linkSigner(String bucket) {
        return LinkSigner.of(presigner, bucket, region.id(), credentials);
    }

    /**
     * Turns the consumer's GetObject into a request for its first byte, the probe that
     * {@link ProbeAnsweringHttpClient} answers without a request (and, were it ever sent, a
     * one-byte read instead of the whole object).
     */
    static final class FirstByteOnly implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetObjectRequest get && get.range() == null) {
                return get.toBuilder().range(ProbeAnsweringHttpClient.PROBE_RANGE).build();
            }
            return context.request();
        }
    }

    @Override
    public void close() {
        s3.close();
        s3Listing.close();
        listingHttp.close(); // given to the builder, so not closed with the client
        sqs.close();
        sns.close();
        presigner.close();
    }
}
