package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What lives in the data folder outlives the servers: objects, queued messages, host key; half-written uploads do not. */
class LocalServicesRestartTest {

    @TempDir
    Path dataDir;

    /**
     * A kill during a PUT leaves S3Proxy's temporary file ({@code <key>-<uuid>}, no ETag yet), which a
     * restarted S3Proxy would list as an object of its own; the restart removes it, and nothing else.
     */
    @Test
    void uploadsInterruptedByAStopLeaveNoObjectsBehind() throws Exception {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView(UserDefinedFileAttributeView.class),
                "the file system has no user attributes (S3Proxy stores no ETags there)");
        LocalConfig config = LocalConfig.defaults(dataDir).withPorts(0, 0, 0);
        String uuidKey = "study/report-" + UUID.randomUUID() + ".dcm-" + UUID.randomUUID();
        try (LocalServices first = LocalServices.start(config); S3Client s3 = Clients.s3(first)) {
            s3.putObject(r -> r.bucket("processed").key("study/1.dcm"), RequestBody.fromString("one"));
            s3.putObject(r -> r.bucket("processed").key(uuidKey), RequestBody.fromString("a key ending in a UUID"));
        }
        // what a kill between S3Proxy's write and its rename leaves behind, in two buckets
        Path processedLeftover = config.s3Dir().resolve("processed/study/2.dcm-" + UUID.randomUUID());
        Path rawLeftover = config.s3Dir().resolve("raw/incoming/3.dcm-" + UUID.randomUUID());
        Files.createDirectories(rawLeftover.getParent());
        Files.write(processedLeftover, new byte[1000]);
        Files.write(rawLeftover, new byte[1000]);

        try (LocalServices second = LocalServices.start(config); S3Client s3 = Clients.s3(second)) {
            assertEquals(List.of("study/1.dcm", uuidKey).stream().sorted().toList(),
                    s3.listObjectsV2(r -> r.bucket("processed")).contents().stream().map(o -> o.key()).sorted().toList());
            assertEquals(List.of(), s3.listObjectsV2(r -> r.bucket("raw")).contents());
            assertEquals("a key ending in a UUID", s3.getObjectAsBytes(r -> r.bucket("processed").key(uuidKey)).asUtf8String());
        }
        assertFalse(Files.exists(processedLeftover));
        assertFalse(Files.exists(rawLeftover));
    }

    /**
     * A kill after S3Proxy gave its temporary file the ETag but before the rename (the flake once seen
     * in PipelineKillIT): the file looks like an object whose key ends in a UUID, and only the mark of
     * the write under way tells them apart. The restart removes that file; an object {@code <key>-<uuid>}
     * stored before the write began is kept, and so are the marks' other keys' objects.
     */
    @Test
    void aWriteKilledBetweenItsEtagAndItsRenameLeavesNoObjectBehind() throws Exception {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView(UserDefinedFileAttributeView.class),
                "the file system has no user attributes (S3Proxy stores no ETags there)");
        LocalConfig config = LocalConfig.defaults(dataDir).withPorts(0, 0, 0);
        String older = "study/4.dcm-" + UUID.randomUUID();
        try (LocalServices first = LocalServices.start(config); S3Client s3 = Clients.s3(first)) {
            s3.putObject(r -> r.bucket("processed").key("study/4.dcm"), RequestBody.fromString("four, first version"));
            s3.putObject(r -> r.bucket("processed").key(older), RequestBody.fromString("stored before the write"));
        }
        Path marks = InterruptedUploads.marks(config.s3Dir());
        assertEquals(List.of(), listing(marks), "no mark is left by writes that finished");
        Thread.sleep(20); // the mark's time after the older object's (file times are coarse)
        // what the kill left: the write's mark, then its temporary file with its ETag
        Files.writeString(marks.resolve(UUID.randomUUID().toString()), "processed\nstudy/4.dcm");
        Files.writeString(marks.resolve(UUID.randomUUID().toString()), "raw\n../../escape.dcm");
        Files.write(marks.resolve(UUID.randomUUID().toString()), new byte[0]); // killed right after its creation
        Files.write(marks.resolve(UUID.randomUUID().toString()), new byte[] {(byte) 0xff, '\n', (byte) 0xfe});
        Thread.sleep(20);
        Path leftover = config.s3Dir().resolve("processed/study/4.dcm-" + UUID.randomUUID());
        Files.writeString(leftover, "four, second version, not yet renamed");
        Files.getFileAttributeView(leftover, UserDefinedFileAttributeView.class)
                .write("user.content-md5", java.nio.ByteBuffer.wrap(new byte[16]));

        try (LocalServices second = LocalServices.start(config); S3Client s3 = Clients.s3(second)) {
            assertEquals(List.of("study/4.dcm", older).stream().sorted().toList(),
                    s3.listObjectsV2(r -> r.bucket("processed")).contents().stream().map(o -> o.key()).sorted().toList());
            assertEquals("four, first version", s3.getObjectAsBytes(r -> r.bucket("processed").key("study/4.dcm")).asUtf8String());
        }
        assertFalse(Files.exists(leftover));
        assertEquals(List.of(), listing(marks), "the marks are gone");
    }

    /** A write under way has its mark (the body is held back mid-way); it is gone once the write ends. */
    @Test
    void aWriteUnderWayIsMarkedUntilItEnds() throws Exception {
        LocalConfig config = LocalConfig.defaults(dataDir).withPorts(0, 0, 0);
        Path marks = InterruptedUploads.marks(config.s3Dir());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        byte[] body = LocalServicesTest.randomBytes(200_000);
        try (LocalServices servers = LocalServices.start(config); S3Client s3 = Clients.s3(servers)) {
            java.util.concurrent.CompletableFuture<?> put = java.util.concurrent.CompletableFuture.runAsync(() -> s3.putObject(
                    r -> r.bucket("raw").key("slow/upload.dcm"),
                    RequestBody.fromContentProvider(() -> new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(body, 0, 100_000),
                            new java.io.InputStream() {
                                private final java.io.InputStream rest = new java.io.ByteArrayInputStream(body, 100_000, 100_000);

                                @Override
                                public int read() throws java.io.IOException {
                                    try {
                                        release.await();
                                    } catch (InterruptedException e) {
                                        throw new java.io.InterruptedIOException();
                                    }
                                    return rest.read();
                                }
                            }), body.length, "application/dicom")));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (listing(marks).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<String> during = new java.util.ArrayList<>();
            for (Path mark : listing(marks)) {
                during.add(Files.readString(mark));
            }
            // S3 lists no upload before it completes; S3Proxy's temporary file must not be listed either
            Path folder = config.s3Dir().resolve("raw/slow");
            while (temporaryFiles(folder).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, temporaryFiles(folder).size(), "the upload's temporary file is on disk: " + listing(folder));
            List<String> v2 = s3.listObjectsV2(r -> r.bucket("raw")).contents().stream().map(o -> o.key()).toList();
            List<String> v1 = s3.listObjects(r -> r.bucket("raw")).contents().stream().map(o -> o.key()).toList();
            release.countDown();
            put.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of("raw\nslow/upload.dcm"), during, "one mark while the write is under way");
            assertEquals(List.of(), v2, "nothing listed while the write is under way (ListObjectsV2)");
            assertEquals(List.of(), v1, "nothing listed while the write is under way (ListObjects)");
            assertEquals(List.of("slow/upload.dcm"), s3.listObjectsV2(r -> r.bucket("raw")).contents().stream().map(o -> o.key()).toList());
            assertEquals(List.of(), listing(marks), "no mark once it is done");
            assertArrayEquals(body, s3.getObjectAsBytes(r -> r.bucket("raw").key("slow/upload.dcm")).asByteArray());
        }
    }

    private static List<Path> temporaryFiles(Path folder) throws java.io.IOException {
        return listing(folder).stream().filter(p -> InterruptedUploads.TEMPORARY_NAME.matcher(p.getFileName().toString()).matches()).toList();
    }

    private static List<Path> listing(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    void restartOnSameDataDirKeepsObjectsMessagesAndHostKey() throws Exception {
        LocalConfig config = LocalConfig.defaults(dataDir).withPorts(0, 0, 0);
        byte[] body = LocalServicesTest.randomBytes(123_456);
        String keyBefore;
        try (LocalServices first = LocalServices.start(config);
                S3Client s3 = Clients.s3(first);
                SqsClient sqs = Clients.sqs(first)) {
            s3.putObject(r -> r.bucket("raw").key("study/1.dcm"), RequestBody.fromBytes(body));
            sqs.sendMessage(r -> r.queueUrl(first.queueUrl("s3-events").toString()).messageBody("pending"));
            keyBefore = hostKey(first);
        }
        byte[] keyFile = Files.readAllBytes(dataDir.resolve("sftp-hostkey"));

        try (LocalServices second = LocalServices.start(config);
                S3Client s3 = Clients.s3(second);
                SqsClient sqs = Clients.sqs(second)) {
            assertArrayEquals(body, s3.getObjectAsBytes(r -> r.bucket("raw").key("study/1.dcm")).asByteArray());
            assertEquals(3, s3.listBuckets().buckets().size());

            String url = second.queueUrl("s3-events").toString();
            // ElasticMQ restores persisted messages after the queue answers; on a loaded machine that
            // can take a few seconds, so poll for a while rather than once.
            List<Message> got = List.of();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2)).messages();
            }
            assertEquals(List.of("pending"), got.stream().map(Message::body).toList());

            assertArrayEquals(keyFile, Files.readAllBytes(dataDir.resolve("sftp-hostkey")));
            if (keyBefore != null) {
                assertEquals(keyBefore, hostKey(second));
            }
        }
    }

    @Test
    void aSecondInstanceInOneJvmIsRefusedClearly() {
        try (LocalServices first = LocalServices.start(LocalConfig.defaults(dataDir).withPorts(0, 0, 0))) {
            LocalServicesException e = assertThrows(LocalServicesException.class, () -> LocalServices.start(
                    LocalConfig.defaults(dataDir.resolve("other")).withPorts(0, 0, 0)));
            assertEquals("a local SQS server is already running in this JVM", e.getMessage());
            // the refused one cleaned up after itself: the first still serves
            try (S3Client s3 = Clients.s3(first)) {
                assertEquals(3, s3.listBuckets().buckets().size());
            }
        }
    }

    /**
     * The servers start at once: their endpoints are known as soon as begin returns, and when one of
     * them fails the others, which may well have started, are stopped again (their ports free).
     */
    @Test
    void aServerThatFailsBesideOthersStopsThemAndSaysWhy() {
        try (LocalServices first = LocalServices.start(LocalConfig.defaults(dataDir).withPorts(0, 0, 0))) {
            LocalServices second = LocalServices.begin(LocalConfig.defaults(dataDir.resolve("other")).withPorts(0, 0, 0));
            int s3Port = second.s3Port();
            int sftpPort = second.sftpPort();
            assertTrue(s3Port != 0 && sftpPort != 0 && second.sqsPort() != 0, "ports fixed before the servers start");
            assertEquals("http://127.0.0.1:" + s3Port, second.s3Endpoint().toString());
            LocalServicesException e = assertThrows(LocalServicesException.class, second::awaitStarted);
            assertEquals("a local SQS server is already running in this JVM", e.getMessage());
            assertTrue(Ports.isFree("127.0.0.1", s3Port), "the S3 server that started beside it is stopped");
            assertTrue(Ports.isFree("127.0.0.1", sftpPort), "the SFTP server that started beside it is stopped");
            try (S3Client s3 = Clients.s3(first)) {
                assertEquals(3, s3.listBuckets().buckets().size(), "the first still serves");
            }
        }
    }

    /** The server's public host key as OpenSSH's ssh-keyscan sees it, or null without it. */
    private String hostKey(LocalServices s) throws Exception {
        if (!Clients.has("/usr/bin/ssh-keyscan")) {
            return null;
        }
        Clients.Result r = Clients.run(Map.of(), dataDir, "/usr/bin/ssh-keyscan", "-t", "ecdsa", "-p",
                Integer.toString(s.sftpPort()), "127.0.0.1");
        String line = r.out().lines().filter(l -> l.startsWith("[127.0.0.1]")).findFirst().orElseThrow(
                () -> new AssertionError("ssh-keyscan found no key: " + r.out()));
        String[] f = line.split(" ");
        assertTrue(f[1].startsWith("ecdsa-sha2-nistp256"), line);
        return f[1] + " " + f[2]; // without the "[host]:port" part, which changes with port 0
    }
}
