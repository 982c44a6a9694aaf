package org.mip.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The end-to-end scenario of {@link PipelineEndToEndTest} (every sample through the AWS SDK, the aws
 * CLI with a multipart upload, the checks of outputs, audit and quarantine, an empty raw bucket) against
 * LocalStack instead of the embedded servers: the pipeline in AWS mode, configured only through its
 * settings (endpoints, path-style, no SSE), credentials from the SDK's default chain. Needs Docker;
 * skipped where there is none (our machines and CI), so the embedded servers carry the proof there.
 * SFTP is not part of it: LocalStack has no SFTP server.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEndToEndTest extends PipelineEndToEndTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"))
            .withServices("s3", "sqs");

    @BeforeAll
    @Override
    void start() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        // what terraform/ creates on AWS: the three buckets and the two queues
        try (S3Client s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).forcePathStyle(true)
                .region(region).credentialsProvider(credentials).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).build()) {
            for (String bucket : List.of("raw", "processed", "quarantine")) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            for (String queue : List.of("s3-events", "audit")) {
                sqs.createQueue(b -> b.queueName(queue));
            }
        }
        h = PipelineHarness.startAws(dir.resolve("data"), LOCALSTACK.getEndpoint(), LOCALSTACK.getEndpoint(),
                LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(), Map.of(
                        "mip.aws.region", LOCALSTACK.getRegion(),
                        "mip.ingest.poll.enabled", "true", "mip.ingest.events.enabled", "false",
                        "mip.local.access-key", LOCALSTACK.getAccessKey(), "mip.local.secret-key", LOCALSTACK.getSecretKey()));
        samples = java.nio.file.Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
    }

    @Test
    @Override
    void uploadsWithOpenSshSftp() {
        assumeTrue(false, "LocalStack has no SFTP server; the embedded end-to-end test covers SFTP");
    }
}
