package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.local.LocalConfig;
import org.mip.local.LocalS3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * routes/raw-object.yaml alone (finish-raw, archive mode) on the embedded S3: letting go of a raw
 * object moves it under the archive prefix, and a raw object that is already gone (deleted by
 * someone else while it was processed) is nothing to do, not a failure.
 */
class RawObjectRouteTest {

    @Test
    void archivesARawObjectAndTakesAGoneOneAsDone(@TempDir Path dir) throws Exception {
        LocalConfig config = LocalConfig.defaults(dir).withPorts(0, 0, 0);
        try (LocalS3Server server = new LocalS3Server(config)) {
            server.start();
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
            try (S3Client s3 = S3Client.builder().region(Region.of(config.region())).credentialsProvider(creds)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .endpointOverride(server.endpoint()).build()) {
                Main main = new Main();
                main.configure().withRoutesIncludePattern("file:" + Path.of("routes", "raw-object.yaml").toAbsolutePath());
                main.addInitialProperty("camel.server.enabled", "false");
                main.addInitialProperty("mip.raw.after", "archive");
                main.addInitialProperty("mip.raw.archive-prefix", "archive/");
                main.addInitialProperty("mip.s3.raw-bucket", "raw");
                main.bind("s3Client", s3);
                main.bind("copyRawObject", new org.mip.pipeline.S3ObjectCopy(s3, "raw", 5L << 30, "none", ""));
                main.start();
                try {
                    s3.putObject(b -> b.bucket("raw").key("in/a.dcm"), RequestBody.fromString("a"));
                    var producer = main.getCamelContext().createProducerTemplate();
                    Exchange done = producer.send("direct:finish-raw", x -> x.getIn().setHeaders(Map.of("MipRawKey", "in/a.dcm")));
                    assertNull(done.getException());
                    Exchange gone = producer.send("direct:finish-raw", x -> x.getIn().setHeaders(Map.of("MipRawKey", "in/gone.dcm")));
                    assertNull(gone.getException(), "a raw object already gone is not a failure");
                    assertEquals(List.of("archive/in/a.dcm"),
                            s3.listObjectsV2(b -> b.bucket("raw")).contents().stream().map(o -> o.key()).toList());
                } finally {
                    main.stop();
                }
            }
        }
    }
}
