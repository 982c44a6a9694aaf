package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The fetch on the embedded S3: a finished object is staged with its size and SHA-256; an upload
 * still being written, which the embedded S3 lists as its temporary file (the key plus "-uuid",
 * without an ETag), is left alone instead of being taken as a truncated object.
 */
class FetchRawObjectTest {

    @Test
    void stagesAFinishedObjectAndLeavesAnUploadInProgress(@TempDir Path dir) throws Exception {
        LocalConfig config = LocalConfig.defaults(dir).withPorts(0, 0, 0);
        try (LocalS3Server server = new LocalS3Server(config);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            server.start();
            var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
            try (S3Client s3 = S3Client.builder().region(Region.of(config.region())).credentialsProvider(creds)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .endpointOverride(server.endpoint()).build()) {
                s3.putObject(b -> b.bucket("raw").key("in/done.dcm"), RequestBody.fromString("finished"));
                // what the embedded S3 has on disk while a PUT of in/part.dcm is under way
                String temporary = "part.dcm-" + UUID.randomUUID();
                Files.writeString(config.s3Dir().resolve("raw").resolve("in").resolve(temporary), "half of it");
                S3Object listed = s3.listObjectsV2(b -> b.bucket("raw").prefix("in/part")).contents().get(0);
                assertEquals("in/" + temporary, listed.key(), "the embedded S3 lists the temporary file");
                assertNull(listed.eTag(), "and without an ETag");

                FetchRawObject fetch = new FetchRawObject(s3, new WorkFiles(Files.createDirectory(dir.resolve("work"))), 1 << 20);
                Exchange inProgress = exchange(camel, "in/" + temporary);
                fetch.process(inProgress);
                assertEquals("gone", inProgress.getIn().getHeader(Headers.OUTCOME));
                assertNull(inProgress.getIn().getHeader(Headers.STAGED_FILE));

                Exchange finished = exchange(camel, "in/done.dcm");
                fetch.process(finished);
                assertNull(finished.getIn().getHeader(Headers.OUTCOME));
                assertNotNull(finished.getIn().getHeader(Headers.STAGED_FILE));
                assertEquals(8L, finished.getIn().getHeader(Headers.RAW_SIZE));
                assertEquals(Hashing.sha256Hex("finished"), finished.getIn().getHeader(Headers.RAW_SHA256));
            }
        }
    }

    private static Exchange exchange(DefaultCamelContext camel, String key) {
        Exchange x = new DefaultExchange(camel);
        x.getIn().setHeader(Headers.RAW_BUCKET, "raw");
        x.getIn().setHeader(Headers.RAW_KEY, key);
        return x;
    }
}
