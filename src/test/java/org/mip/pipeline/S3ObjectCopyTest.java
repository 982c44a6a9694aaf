package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.local.LocalConfig;
import org.mip.local.LocalS3Server;
import org.mip.testing.LocalS3Clients;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies inside S3 of any size, against the embedded S3 server with its single-request limit
 * lowered to 5 MiB (AWS's is 5 GiB): the server refuses what AWS refuses, and the copy works around it.
 */
class S3ObjectCopyTest {
    static final long LIMIT = 5L << 20;

    @TempDir
    static Path dir;
    static LocalS3Server server;
    static S3Client s3;
    static final List<String> operations = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new LocalS3Server(new LocalConfig(dir, "127.0.0.1", 0, 0, 0, "k", "s", "us-east-1",
                List.of("raw", "quarantine"), List.of(), "u", "p").withS3SingleRequestLimit(LIMIT));
        server.start();
        s3 = LocalS3Clients.watched(server.endpoint(), "k", "s", new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                synchronized (operations) {
                    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                }
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.close();
    }

    @Test
    void theEmbeddedServerRefusesAsAwsDoesACopyOrAPutOverTheLimit() {
        byte[] large = bytes(LIMIT + 1, 1);
        String key = "refused/large.bin";
        // a PUT over the limit is refused (AWS: 400 EntityTooLarge over 5 GiB; S3Proxy answers before it
        // has read the body, which the client sees as a broken pipe) and stores nothing
        assertThrows(software.amazon.awssdk.core.exception.SdkException.class,
                () -> s3.putObject(b -> b.bucket("raw").key(key), RequestBody.fromBytes(large)));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("raw").key(key)));
        // stored in parts, it is there; one CopyObject of it: 400 InvalidRequest (AWS: a source over 5 GiB)
        S3ObjectCopy copier = new S3ObjectCopy(s3, "raw", 1L << 30, "none", "");
        LocalS3Clients.putInParts(s3, "raw", key, large); // one PUT of it is refused
        S3Exception copy = assertThrows(S3Exception.class, () -> copier.copy(key, "quarantine", key, large.length));
        assertEquals(400, copy.statusCode());
        assertEquals("InvalidRequest", copy.awsErrorDetails().errorCode());
        assertTrue(copy.awsErrorDetails().errorMessage().contains("larger than the maximum allowable size"), copy.getMessage());
    }

    @Test
    void anObjectOverTheLimitIsCopiedInParts() {
        byte[] large = bytes(2 * LIMIT + 12345, 2); // three parts: 5 MiB, 5 MiB, the rest
        LocalS3Clients.putInParts(s3, "raw", "big/scan.dcm", large);
        operations.clear();
        new S3ObjectCopy(s3, "raw", LIMIT, "none", "").process(exchange("big/scan.dcm", "quarantine", "q/big", null));
        assertEquals(List.of("HeadObject", "CreateMultipartUpload", "UploadPartCopy", "UploadPartCopy", "UploadPartCopy",
                "CompleteMultipartUpload"), List.copyOf(operations), "the size from a HEAD (MipRawSize absent), then three ranges");
        assertArrayEquals(large, s3.getObjectAsBytes(b -> b.bucket("quarantine").key("q/big")).asByteArray(),
                "the copy has the source's bytes");
    }

    @Test
    void anObjectUpToTheLimitIsOneCopyObject() {
        byte[] small = bytes(LIMIT, 3);
        LocalS3Clients.putInParts(s3, "raw", "small/scan.dcm", small);
        operations.clear();
        new S3ObjectCopy(s3, "raw", LIMIT, "none", "").process(exchange("small/scan.dcm", "raw", "archive/small/scan.dcm",
                (long) small.length));
        assertEquals(List.of("CopyObject"), List.copyOf(operations), "MipRawSize known: no HEAD, one copy");
        assertArrayEquals(small, s3.getObjectAsBytes(b -> b.bucket("raw").key("archive/small/scan.dcm")).asByteArray());
    }

    @Test
    void aMissingSourceIsNoSuchKeyAsCamelsCopyWas() {
        // the archive route catches NoSuchKeyException: the raw object was let go by someone else
        S3ObjectCopy copier = new S3ObjectCopy(s3, "raw", LIMIT, "none", "");
        assertThrows(NoSuchKeyException.class, () -> copier.process(exchange("gone.dcm", "quarantine", "q/gone", null)));
        assertThrows(NoSuchKeyException.class, () -> copier.process(exchange("gone.dcm", "quarantine", "q/gone", 10L)));
    }

    @Test
    void aFailedMultipartCopyIsAbortedAndLeavesNoObject() {
        // the size told is larger than the object: the last range cannot be satisfied
        byte[] data = bytes(LIMIT + 10, 4);
        LocalS3Clients.putInParts(s3, "raw", "short/scan.dcm", data);
        operations.clear();
        S3ObjectCopy copier = new S3ObjectCopy(s3, "raw", LIMIT, "none", "");
        assertThrows(S3Exception.class, () -> copier.copy("short/scan.dcm", "quarantine", "q/short", 3 * LIMIT));
        assertTrue(operations.contains("AbortMultipartUpload"), operations.toString());
        assertTrue(s3.listMultipartUploads(b -> b.bucket("quarantine")).uploads().isEmpty(), "no upload left open");
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("quarantine").key("q/short")));
    }

    @Test
    void partsStayWithinAwsLimitsForAnySize() {
        long gib = 1L << 30;
        for (long size : new long[] {5 * gib + 1, 50 * gib, 1024 * gib, 5 * 1024 * gib}) {
            long part = S3ObjectCopy.partSize(size, 5 * gib);
            long parts = (size + part - 1) / part;
            assertTrue(part >= 5L << 20 && part <= 5 * gib, size + ": part " + part);
            assertTrue(parts <= 10_000, size + ": " + parts + " parts");
        }
        assertEquals(512L << 20, S3ObjectCopy.partSize(6 * gib, 5 * gib), "a 6 GiB copy: 12 requests of 512 MiB");
    }

    static Exchange exchange(String key, String targetBucket, String targetKey, Long size) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getIn().setHeader("CamelAwsS3Key", key);
        e.getIn().setHeader("CamelAwsS3BucketDestinationName", targetBucket);
        e.getIn().setHeader("CamelAwsS3DestinationKey", targetKey);
        e.getIn().setHeader(Headers.RAW_SIZE, size);
        return e;
    }

    static byte[] bytes(long n, long seed) {
        byte[] b = new byte[(int) n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
