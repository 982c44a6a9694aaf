package org.mip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The links {@link LinkSigner} signs are the SDK presigner's, byte for byte: against AWS's own
 * published example, and against {@link S3Presigner} for path-style (the embedded S3) and
 * virtual-hosted (AWS) buckets, with plain and with session (IRSA) credentials.
 */
class LinkSignerTest {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * AWS's example of query-string authentication (S3 API reference, "Authenticating Requests:
     * Using Query Parameters"): GET examplebucket/test.txt, 2013-05-24, 86400 s.
     */
    @Test
    void awsPublishedExampleSignsToItsPublishedSignature() {
        AwsCredentials docs = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        LinkSigner s = new LinkSigner("https://examplebucket.s3.amazonaws.com/", "us-east-1", StaticCredentialsProvider.create(docs));
        URI link = s.sign(s.credentials(), "test.txt", null, null, Instant.parse("2013-05-24T00:00:00Z"), Duration.ofSeconds(86400));
        assertEquals("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20130524T000000Z"
                + "&X-Amz-SignedHeaders=host&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Expires=86400&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", link.toString());
    }

    @Test
    void pathStyleLinksAreThePresignersOwn() {
        sameAsThePresigner(AwsBasicCredentials.create("local-access", "local-secret"), Region.US_EAST_1, URI.create("http://127.0.0.1:9000"), true);
    }

    @Test
    void virtualHostedLinksWithSessionCredentialsAreThePresignersOwn() {
        sameAsThePresigner(AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "session-token/with+chars=="),
                Region.EU_WEST_1, null, false);
    }

    private static void sameAsThePresigner(AwsCredentials credentials, Region region, URI endpoint, boolean pathStyle) {
        var provider = StaticCredentialsProvider.create(credentials);
        var b = S3Presigner.builder().region(region).credentialsProvider(provider)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        try (S3Presigner presigner = b.build()) {
            LinkSigner signer = LinkSigner.of(presigner, "processed-bucket", region.id(), provider);
            for (String key : List.of("PAT-ABCDEFGHIJKL/2.25.1/2.25.2/2.25.3.dcm", "P_1-x.y~z/1.2.840.10008.1/1.2.3/1.2.3.4.5.dcm")) {
                for (Duration expiry : List.of(Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofDays(7))) {
                    String disposition = "attachment; filename=\"" + ObjectKeys.parts(key).fileName() + "\"";
                    PresignedGetObjectRequest sdk = presigner.presignGetObject(p -> p.signatureDuration(expiry)
                            .getObjectRequest(g -> g.bucket("processed-bucket").key(key)
                                    .responseContentType(DownloadLinks.CONTENT_TYPE).responseContentDisposition(disposition)));
                    String url = sdk.url().toString();
                    String date = url.replaceAll(".*X-Amz-Date=([0-9TZ]+).*", "$1");
                    Instant signedAt = AMZ_DATE.parse(date, Instant::from);
                    URI ours = signer.sign(signer.credentials(), key, DownloadLinks.CONTENT_TYPE, disposition, signedAt, expiry);
                    assertEquals(url, ours.toString(), key + " for " + expiry);
                    assertEquals(sdk.expiration().getEpochSecond(), signedAt.plus(expiry).getEpochSecond(), "the link's expiry");
                }
            }
        }
    }

    /**
     * Making the signer (at start) asks nothing of the credential chain: with no credentials yet (a pod
     * identity agent still starting) the start goes on, and the first link fails instead (503).
     */
    @Test
    void makingTheSignerAsksNothingOfTheCredentials() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("no credentials yet");
        };
        try (S3Presigner presigner = S3Presigner.builder().region(Region.EU_WEST_1).credentialsProvider(none).build()) {
            LinkSigner signer = LinkSigner.of(presigner, "processed-bucket", "eu-west-1", none);
            RuntimeException e = assertThrows(RuntimeException.class, signer::credentials);
            assertTrue(String.valueOf(e.getMessage()).contains("no credentials yet"), String.valueOf(e));
        }
    }

    @Test
    void aBaseWithoutItsSlashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinkSigner("http://127.0.0.1:9000/processed", "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))));
    }
}
