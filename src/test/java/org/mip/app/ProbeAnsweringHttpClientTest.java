package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The poller's probe GET never leaves the JVM; its listings do. */
class ProbeAnsweringHttpClientTest {
    // nothing listens on port 1: a request that left would fail to connect
    private static final Map<String, String> SETTINGS = Map.of("mip.aws.region", "us-east-1",
            "mip.local.access-key", "k", "mip.local.secret-key", "s", "mip.s3.path-style", "true",
            "mip.s3.endpoint", "http://127.0.0.1:1", "mip.sqs.endpoint", "http://127.0.0.1:1");

    @Test
    void theProbeIsAnsweredWithoutARequestAsAnEmptyObject() throws Exception {
        try (AwsClients aws = new AwsClients(SETTINGS::get, true)) {
            var probe = aws.s3Listing().getObject(b -> b.bucket("raw").key("a/b.dcm"));
            assertEquals(0, probe.readAllBytes().length);
            assertEquals("application/octet-stream", probe.response().contentType());
            probe.close();
        }
    }

    @Test
    void aFolderMarkerIsAnsweredAsADirectorySoThePollerSkipsIt() throws Exception {
        try (AwsClients aws = new AwsClients(SETTINGS::get, true)) {
            var probe = aws.s3Listing().getObject(b -> b.bucket("raw").key("a/"));
            assertEquals("application/x-directory", probe.response().contentType());
            probe.close();
        }
    }

    @Test
    void listingsAndRangedReadsOfOtherClientsStillGoToS3() {
        try (AwsClients aws = new AwsClients(SETTINGS::get, true)) {
            assertThrows(SdkClientException.class, () -> aws.s3Listing().listObjects(b -> b.bucket("raw")));
            assertThrows(SdkClientException.class, () -> aws.s3().getObject(b -> b.bucket("raw").key("a/b.dcm").range("bytes=0-0")));
        }
    }
}
