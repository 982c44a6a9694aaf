package org.mip.app;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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

        var s3b = S3Client.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
                .overrideConfiguration(timeouts);
        var sqsb = SqsClient.builder().region(region).credentialsProvider(credentials);
        var snsb = SnsClient.builder().region(region).credentialsProvider(credentials);
        // Camel's createDownloadLink ignores forcePathStyle, so the presigner is built here with it.
        var preb = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (!settings.apply("mip.s3.endpoint").isEmpty()) {
            URI endpoint = URI.create(settings.apply("mip.s3.endpoint"));
            s3b.endpointOverride(endpoint);
            preb.endpointOverride(endpoint);
        }
        if (!settings.apply("mip.sqs.endpoint").isEmpty()) {
            sqsb.endpointOverride(URI.create(settings.apply("mip.sqs.endpoint")));
        }
        this.s3 = s3b.build();
        this.sqs = sqsb.build();
        this.sns = snsb.build();
        this.presigner = preb.build();
    }

    public S3Client s3() {
        return s3;
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

    @Override
    public void close() {
        s3.close();
        sqs.close();
        sns.close();
        presigner.close();
    }
}
