package org.mip.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Each local server, driven by real clients: AWS SDK v2, the aws CLI, curl, OpenSSH sftp. */
class LocalServicesTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;

    static LocalServices services;
    static S3Client s3;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        services = LocalServices.start(LocalConfig.defaults(dataDir).withPorts(0, 0, 0));
        s3 = Clients.s3(services);
        sqs = Clients.sqs(services);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void reportsBoundPortsAndEndpoints() {
        assertNotEquals(0, services.s3Port());
        assertNotEquals(0, services.sqsPort());
        assertNotEquals(0, services.sftpPort());
        assertEquals(URI.create("http://127.0.0.1:" + services.s3Port()), services.s3Endpoint());
        assertEquals(URI.create("http://127.0.0.1:" + services.sqsPort() + "/000000000000/audit"),
                services.queueUrl("audit"));
        assertEquals(List.of("s3", "sqs", "sftp"), List.copyOf(services.startMillis().keySet()));
    }

    @Test
    void s3BucketsAreCreated() {
        List<String> names = s3.listBuckets().buckets().stream().map(b -> b.name()).toList();
        assertTrue(names.containsAll(List.of("raw", "processed", "quarantine")), names.toString());
    }

    @Test
    void s3PutGetListDeleteWithSdk() {
        byte[] body = "hello, dicom".getBytes(StandardCharsets.UTF_8);
        s3.putObject(r -> r.bucket("raw").key("sdk/a.dcm").contentType("application/dicom"),
                RequestBody.fromBytes(body));
        assertArrayEquals(body, s3.getObjectAsBytes(r -> r.bucket("raw").key("sdk/a.dcm")).asByteArray());
        List<String> keys = s3.listObjectsV2(r -> r.bucket("raw").prefix("sdk/")).contents().stream()
                .map(S3Object::key).toList();
        assertEquals(List.of("sdk/a.dcm"), keys);
        // the filesystem backend keeps it as a plain file under <dataDir>/s3/<bucket>
        assertTrue(Files.exists(dataDir.resolve("s3/raw/sdk/a.dcm")));

        s3.deleteObject(r -> r.bucket("raw").key("sdk/a.dcm"));
        assertTrue(s3.listObjectsV2(r -> r.bucket("raw").prefix("sdk/")).contents().isEmpty());
        try {
            s3.headObject(r -> r.bucket("raw").key("sdk/a.dcm"));
            throw new AssertionError("object still there");
        } catch (NoSuchKeyException expected) {
            // deleted
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            assertEquals(404, e.statusCode());
        }
    }

    @Test
    void s3MultipartUploadWithSdk() {
        byte[] data = new byte[11 * 1024 * 1024];
        new Random(7).nextBytes(data);
        int partSize = 5 * 1024 * 1024;
        String id = s3.createMultipartUpload(r -> r.bucket("processed").key("big.bin")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int n = 1, off = 0; off < data.length; n++, off += partSize) {
            int len = Math.min(partSize, data.length - off);
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + len);
            int number = n;
            String etag = s3.uploadPart(r -> r.bucket("processed").key("big.bin").uploadId(id)
                    .partNumber(number), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        assertEquals(3, parts.size());
        s3.completeMultipartUpload(r -> r.bucket("processed").key("big.bin").uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
        assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("processed").key("big.bin")).asByteArray());
    }

    @Test
    void s3PresignedGetWithSdkPresignerAndJavaHttp() throws Exception {
        byte[] body = randomBytes(70_000);
        s3.putObject(r -> r.bucket("processed").key("signed/x.dcm"), RequestBody.fromBytes(body));
        URI url;
        try (S3Presigner presigner = Clients.presigner(services)) {
            url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("processed").key("signed/x.dcm"))).url().toURI();
        }
        // path-style: the bucket is in the path, the host is the endpoint's
        assertEquals("/processed/signed/x.dcm", url.getPath());
        assertEquals(services.s3Port(), url.getPort());
        HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode());
        assertArrayEquals(body, resp.body());

        // a tampered signature is refused
        URI bad = URI.create(url.toString().replaceAll("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000"));
        assertEquals(403, HttpClient.newHttpClient().send(HttpRequest.newBuilder(bad).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void s3WithAwsCliAndCurl() throws Exception {
        assumeTrue(Clients.has(Clients.AWS), "aws CLI not installed");
        Map<String, String> env = Clients.awsEnv(services.config(), work);
        String ep = services.s3Endpoint().toString();
        byte[] body = randomBytes(9 * 1024 * 1024); // above the CLI's 8 MiB multipart threshold
        Path up = Files.write(work.resolve("cli-up.bin"), body);

        Clients.Result cp = Clients.run(env, work, Clients.AWS, "s3", "cp", up.toString(),
                "s3://raw/cli/up.bin", "--endpoint-url", ep);
        assertEquals(0, cp.exit(), cp.out());
        Clients.Result ls = Clients.run(env, work, Clients.AWS, "s3", "ls", "s3://raw/cli/",
                "--endpoint-url", ep);
        assertEquals(0, ls.exit(), ls.out());
        assertTrue(ls.out().contains(body.length + " up.bin"), ls.out());
        Path down = work.resolve("cli-down.bin");
        Clients.Result get = Clients.run(env, work, Clients.AWS, "s3", "cp", "s3://raw/cli/up.bin",
                down.toString(), "--endpoint-url", ep);
        assertEquals(0, get.exit(), get.out());
        assertArrayEquals(body, Files.readAllBytes(down));

        assumeTrue(Clients.has("/usr/bin/curl"), "curl not installed");
        Clients.Result presign = Clients.run(env, work, Clients.AWS, "s3", "presign",
                "s3://raw/cli/up.bin", "--expires-in", "300", "--endpoint-url", ep);
        assertEquals(0, presign.exit(), presign.out());
        String url = presign.out().trim();
        assertTrue(url.startsWith(ep + "/raw/cli/up.bin?"), url);
        Path curled = work.resolve("curled.bin");
        Clients.Result curl = Clients.run(Map.of(), work, "/usr/bin/curl", "-sS", "-f", "-o",
                curled.toString(), url);
        assertEquals(0, curl.exit(), curl.out());
        assertArrayEquals(body, Files.readAllBytes(curled));
    }

    @Test
    void sqsSendReceiveDeleteWithSdk() {
        String url = sqs.getQueueUrl(r -> r.queueName("s3-events")).queueUrl();
        assertEquals(services.queueUrl("s3-events").toString(), url);
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("{\"key\":\"a.dcm\"}"));
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2)).messages();
        assertEquals(1, got.size());
        assertEquals("{\"key\":\"a.dcm\"}", got.get(0).body());
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0)).messages().isEmpty());

        // each queue has its dead-letter queue, wired as its redrive target
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName("s3-events-dlq")).queueUrl();
        String redrive = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("RedrivePolicy"))
                .attributesAsStrings().get("RedrivePolicy");
        assertTrue(redrive != null && redrive.contains("s3-events-dlq"), redrive);
        assertTrue(dlqUrl.endsWith("/s3-events-dlq"));
        assertTrue(sqs.getQueueUrl(r -> r.queueName("audit-dlq")).queueUrl().endsWith("/audit-dlq"));
    }

    @Test
    void sqsWithAwsCliInteroperatesWithSdk() throws Exception {
        assumeTrue(Clients.has(Clients.AWS), "aws CLI not installed");
        Map<String, String> env = Clients.awsEnv(services.config(), work);
        String ep = services.sqsEndpoint().toString();
        String url = services.queueUrl("audit").toString();
        ObjectMapper json = new ObjectMapper();

        Clients.Result send = Clients.run(env, work, Clients.AWS, "sqs", "send-message",
                "--queue-url", url, "--message-body", "from-cli", "--endpoint-url", ep);
        assertEquals(0, send.exit(), send.out());
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2)).messages();
        assertEquals(List.of("from-cli"), got.stream().map(Message::body).toList());
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));

        sqs.sendMessage(r -> r.queueUrl(url).messageBody("from-sdk"));
        Clients.Result recv = Clients.run(env, work, Clients.AWS, "sqs", "receive-message",
                "--queue-url", url, "--wait-time-seconds", "2", "--endpoint-url", ep);
        assertEquals(0, recv.exit(), recv.out());
        JsonNode msg = json.readTree(recv.out()).path("Messages").path(0);
        assertEquals("from-sdk", msg.path("Body").asText());
        Clients.Result del = Clients.run(env, work, Clients.AWS, "sqs", "delete-message",
                "--queue-url", url, "--receipt-handle", msg.path("ReceiptHandle").asText(),
                "--endpoint-url", ep);
        assertEquals(0, del.exit(), del.out());
        assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0)).messages().isEmpty());
    }

    @Test
    void sftpUploadWithOpenSshLandsInUploadFolder() throws Exception {
        assumeTrue(Clients.has("/usr/bin/sftp") && Clients.has("/usr/bin/sshpass"), "sftp/sshpass not installed");
        byte[] body = randomBytes(300_000);
        Files.write(work.resolve("study.dcm"), body);
        Clients.Result r = sftp("mip-local", "cd /upload\nput study.dcm\nls -l /\n");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("upload"), r.out());
        assertArrayEquals(body, Files.readAllBytes(dataDir.resolve("sftp/upload/study.dcm")));
    }

    @Test
    void sftpRefusesWrongPassword() throws Exception {
        assumeTrue(Clients.has("/usr/bin/sftp") && Clients.has("/usr/bin/sshpass"), "sftp/sshpass not installed");
        Files.writeString(work.resolve("intruder.txt"), "x");
        Clients.Result r = sftp("wrong-password", "cd /upload\nput intruder.txt\n");
        assertNotEquals(0, r.exit(), r.out());
        assertFalse(Files.exists(dataDir.resolve("sftp/upload/intruder.txt")));
    }

    @Test
    void sftpWritesThatWouldNeverBeIngestedAreRefusedAndTheClientIsToldWhy() throws Exception {
        assumeTrue(Clients.has("/usr/bin/sftp") && Clients.has("/usr/bin/sshpass"), "sftp/sshpass not installed");
        Files.write(work.resolve("image.dcm"), randomBytes(4096));
        // a new user's first try: put into the folder the session starts in (/), not /upload
        Clients.Result first = sftp("mip-local", "put image.dcm\n", "INFO");
        assertNotEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("Permission denied"), first.out());
        assertTrue(first.out().contains("put files into /upload"), "the login banner says where: " + first.out());
        assertFalse(Files.exists(dataDir.resolve("sftp/image.dcm")));
        // everything else the ingest route would never take: other folders, subfolders of upload (the
        // route is not recursive), hidden names (skipped), moving a file out of upload, removing upload
        for (String refused : List.of("put image.dcm /elsewhere.dcm", "mkdir /incoming", "mkdir /upload/study1",
                "put image.dcm /upload/.image.dcm", "put image.dcm /upload/.done/image.dcm", "rmdir /upload",
                "rename /upload/kept.dcm /kept.dcm", "symlink /upload/kept.dcm /upload/link.dcm", "chmod 000 /upload")) {
            Clients.Result r = sftp("mip-local", "put image.dcm /upload/kept.dcm\n" + refused + "\n");
            assertNotEquals(0, r.exit(), refused + ": " + r.out());
            assertTrue(r.out().contains("Permission denied"), refused + ": " + r.out());
        }
        try (var top = Files.list(dataDir.resolve("sftp"))) {
            assertEquals(List.of("upload"), top.map(f -> f.getFileName().toString()).toList(), "nothing written beside upload/");
        }
        try (var up = Files.list(dataDir.resolve("sftp/upload"))) {
            assertEquals(List.of("kept.dcm"), up.map(f -> f.getFileName().toString()).filter(n -> !n.equals("study.dcm")).toList());
        }
        // what the ingest route itself does still works: .done/<day>/ folders and moves into them;
        // and a client's own rename of a temporary name inside upload/
        Clients.Result ok = sftp("mip-local", "cd /upload\nput image.dcm image.dcm.part\nrename image.dcm.part image.dcm\n"
                + "mkdir .done\nmkdir .done/20261205\nrename image.dcm .done/20261205/image.dcm\nls -la .done/20261205\n", "ERROR");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(Files.exists(dataDir.resolve("sftp/upload/.done/20261205/image.dcm")));
    }

    /** OpenSSH sftp in batch mode, the password given by sshpass. */
    static Clients.Result sftp(String password, String commands) throws Exception {
        return sftp(password, commands, "ERROR");
    }

    /** The same at an OpenSSH log level: INFO shows the server's login banner. */
    static Clients.Result sftp(String password, String commands, String logLevel) throws Exception {
        Path batch = Files.writeString(work.resolve("batch-" + System.nanoTime()), commands);
        return Clients.run(Map.of(), work, "/usr/bin/sshpass", "-p", password,
                "/usr/bin/sftp", "-P", Integer.toString(services.sftpPort()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=no", // before -b: -b would otherwise forbid password login
                "-o", "PubkeyAuthentication=no", "-o", "LogLevel=" + logLevel,
                "-b", batch.toString(), services.config().sftpUser() + "@127.0.0.1");
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
