package org.mip.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real clients pointed at the local servers: the AWS SDK v2 and external programs. */
final class Clients {

    private Clients() {
    }

    static StaticCredentialsProvider credentials(LocalConfig c) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()));
    }

    static S3Client s3(LocalServices s) {
        return S3Client.builder()
                .endpointOverride(s.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(s.config().region()))
                .credentialsProvider(credentials(s.config()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    static S3Presigner presigner(LocalServices s) {
        return S3Presigner.builder()
                .endpointOverride(s.s3Endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .region(Region.of(s.config().region()))
                .credentialsProvider(credentials(s.config()))
                .build();
    }

    static SqsClient sqs(LocalServices s) {
        return SqsClient.builder()
                .endpointOverride(s.sqsEndpoint())
                .region(Region.of(s.config().region()))
                .credentialsProvider(credentials(s.config()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    record Result(int exit, String out) {
    }

    /** Runs a program (stdin closed, stderr merged into stdout), killing it after 120 s. */
    static Result run(Map<String, String> env, Path workDir, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Environment for the aws CLI: our credentials, path-style S3, no user config. */
    static Map<String, String> awsEnv(LocalConfig c, Path dir) throws IOException {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = " + c.region() + "\n"
                + "s3 =\n    addressing_style = path\n    signature_version = s3v4\n");
        return Map.of(
                "AWS_ACCESS_KEY_ID", c.accessKey(),
                "AWS_SECRET_ACCESS_KEY", c.secretKey(),
                "AWS_DEFAULT_REGION", c.region(),
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("aws-credentials-none").toString(),
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", "");
    }

    static final String AWS = "/usr/bin/aws";

    static boolean has(String program) {
        return Files.isExecutable(Path.of(program));
    }
}
