package org.mip.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.local.LocalConfig;
import org.mip.local.LocalS3Server;
import org.mip.local.LocalSftpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The clean-up of SFTP uploads on the embedded SFTP and S3 servers (real protocols): an upload goes once
 * its raw object is gone (its outcome is durable), not before; past the retention age it goes whatever
 * the mode; emptied folders go once they are not brand new; nothing else is touched.
 */
class SftpOriginalsTest {
    @TempDir
    static Path dir;
    static LocalConfig config;
    static LocalS3Server s3Server;
    static LocalSftpServer sftpServer;
    static S3Client s3;
    static Path done;

    final Map<String, Long> deleted = new TreeMap<>();

    @BeforeAll
    static void servers() throws Exception {
        config = LocalConfig.defaults(dir).withPorts(0, 0, 0);
        s3Server = new LocalS3Server(config);
        s3Server.start();
        sftpServer = new LocalSftpServer(config);
        sftpServer.start();
        s3 = S3Client.builder().region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(s3Server.endpoint()).build();
        done = config.sftpDir().resolve("upload").resolve(SftpOriginals.DONE);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        sftpServer.close();
        s3Server.close();
    }

    @BeforeEach
    void empty() throws Exception {
        if (Files.exists(done)) {
            try (Stream<Path> s = Files.walk(done)) {
                s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
        for (var o : s3.listObjectsV2(b -> b.bucket("raw")).contents()) {
            s3.deleteObject(b -> b.bucket("raw").key(o.key()));
        }
    }

    SftpOriginals cleanup(boolean deleteAfterOutcome, int retentionDays) {
        return cleanup(deleteAfterOutcome, Duration.ofMinutes(1), retentionDays);
    }

    SftpOriginals cleanup(boolean deleteAfterOutcome, Duration settle, int retentionDays) {
        return new SftpOriginals(server(), s3, "raw", new SftpOriginals.Rules(deleteAfterOutcome, settle, Duration.ofDays(retentionDays)),
                Clock.fixed(Instant.now(), ZoneOffset.UTC), (reason, n) -> deleted.merge(reason, n, Long::sum));
    }

    static SftpOriginals.Server server() {
        return new SftpOriginals.Server("127.0.0.1", sftpServer.port(), config.sftpUser(), config.sftpPassword(), null, "upload");
    }

    /** What every upload here holds: {@value} (10 bytes, as its folder's ".10" says). */
    static final String CONTENT = "DICM bytes";

    /**
     * An upload as ingest-sftp leaves it: .done/<day>/<id>.<bytes sent>/<name>, holding {@link #CONTENT}; its
     * raw object (when {@code inRaw}) at sftp/<day>/<id>/<name>.
     */
    static Path upload(String relative, boolean inRaw, Duration age) throws Exception {
        Path file = done.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, CONTENT);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        if (inRaw) {
            s3.putObject(b -> b.bucket("raw").key(SftpOriginals.Taken.of(relative).rawKey()), RequestBody.fromString("raw copy"));
        }
        return file;
    }

    static void age(Path folder, Duration age) throws Exception {
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
    }

    static List<String> left() throws Exception {
        List<String> out = new ArrayList<>();
        if (Files.exists(done)) {
            try (Stream<Path> s = Files.walk(done)) {
                s.filter(p -> !p.equals(done)).forEach(p -> out.add(done.relativize(p) + (Files.isDirectory(p) ? "/" : "")));
            }
        }
        return out.stream().sorted().toList();
    }

    @Test
    void anUploadGoesOnceItsRawObjectIsGoneAndNotBefore() throws Exception {
        Path waiting = upload("2026-12-05/AAAA-1.10/Doe^John CT.dcm", true, Duration.ofMinutes(5));
        Path settled = upload("2026-12-05/AAAA-2.10/Doe^Jane MR.dcm", false, Duration.ofMinutes(5));
        age(settled.getParent(), Duration.ofMinutes(5));

        SftpOriginals.Pass pass = cleanup(true, 7).run();
        assertEquals(new SftpOriginals.Pass(1, 0, 1, 0, 1, 0), pass);
        assertTrue(Files.exists(waiting), "its raw object is still waiting for an outcome");
        assertFalse(Files.exists(settled));
        assertEquals(List.of("2026-12-05/", "2026-12-05/AAAA-1.10/", "2026-12-05/AAAA-1.10/Doe^John CT.dcm"), left(),
                "the emptied folder went; the day folder still holds an upload");
        assertEquals(Map.of("outcome", 1L), deleted);

        // the pipeline lets go of the raw object: the next pass deletes the upload, then its folders
        s3.deleteObject(b -> b.bucket("raw").key("sftp/2026-12-05/AAAA-1/Doe^John CT.dcm"));
        age(waiting.getParent(), Duration.ofMinutes(1));
        age(waiting.getParent().getParent(), Duration.ofMinutes(1));
        assertEquals(new SftpOriginals.Pass(1, 0, 0, 0, 2, 0), cleanup(true, 7).run());
        assertEquals(List.of(), left(), "nothing left behind");
    }

    @Test
    void aFolderTheRouteHasJustMadeIsLeftForTheNextPass() throws Exception {
        Path settled = upload("2026-12-05/BBBB-1.10/x.dcm", false, Duration.ofMinutes(5));
        assertEquals(new SftpOriginals.Pass(1, 0, 0, 0, 0, 0), cleanup(true, 7).run());
        assertEquals(List.of("2026-12-05/", "2026-12-05/BBBB-1.10/"), left(), "folders younger than "
                + SftpOriginals.FOLDER_MIN_AGE + " stay: the route may be about to move an upload into one");
        assertFalse(Files.exists(settled));
    }

    @Test
    void keepModeKeepsUploadsUntilTheRetentionAgeAndThenDeletesThem() throws Exception {
        Path young = upload("2026-12-01/CCCC-1.10/young.dcm", false, Duration.ofDays(2));
        Path old = upload("2026-11-20/CCCC-2.10/old.dcm", false, Duration.ofDays(4));
        age(old.getParent(), Duration.ofDays(4));
        age(old.getParent().getParent(), Duration.ofDays(4));

        assertEquals(new SftpOriginals.Pass(0, 0, 0, 0, 0, 0), cleanup(false, 5).run(), "keep: the outcome does not matter");
        assertTrue(Files.exists(young) && Files.exists(old));

        assertEquals(new SftpOriginals.Pass(0, 1, 0, 0, 2, 0), cleanup(false, 3).run(), "past 3 days: deleted");
        assertTrue(Files.exists(young));
        assertFalse(Files.exists(old));
        assertFalse(Files.exists(old.getParent().getParent()), "and its emptied folders");
        assertEquals(Map.of("retention", 1L), deleted);
    }

    @Test
    void theRetentionAgeHoldsInDeleteModeTooEvenWhileTheRawObjectWaits() throws Exception {
        Path stuck = upload("2026-11-01/DDDD-1.10/stuck.dcm", true, Duration.ofDays(8));
        assertEquals(new SftpOriginals.Pass(0, 1, 0, 0, 0, 0), cleanup(true, 7).run());
        assertFalse(Files.exists(stuck), "the raw bucket keeps its data; the SFTP server does not keep it longer than 7 days");
        assertTrue(s3.listObjectsV2(b -> b.bucket("raw")).keyCount() == 1, "the raw object itself is not touched");
    }

    @Test
    void anUploadWhoseRawObjectCannotBeCheckedIsKept() throws Exception {
        Path upload = upload("2026-12-05/EEEE-1.10/x.dcm", false, Duration.ofMinutes(5));
        SftpOriginals noSuchBucket = new SftpOriginals(server(), s3, "no-such-bucket",
                new SftpOriginals.Rules(true, Duration.ofMinutes(1), Duration.ofDays(7)), Clock.systemUTC(), (r, n) -> { });
        assertEquals(new SftpOriginals.Pass(0, 0, 0, 1, 0, 0), noSuchBucket.run());
        assertTrue(Files.exists(upload), "an S3 error is not an outcome");
    }

    /**
     * A client that paused mid-upload for longer than the read lock waits had a prefix taken (and
     * quarantined as truncated), then wrote the rest into the moved file. That upload goes back to the
     * upload folder, whole, under a name no upload has, to be taken again, in either mode; it used to be
     * deleted as "outcome durable", and the upload was lost.
     */
    @Test
    void anUploadThatGrewAfterItWasTakenIsMovedBackToBeTakenAgainWhole() throws Exception {
        for (boolean deleteAfterOutcome : List.of(true, false)) {
            deleted.clear();
            Path grown = upload("2026-12-05/FFFF-1.4/Doe^Paused.dcm", false, Duration.ofSeconds(30)); // 4 bytes sent, 10 now
            Path whole = upload("2026-12-05/FFFF-2.10/Doe^Whole.dcm", false, Duration.ofMinutes(5));

            SftpOriginals.Pass pass = cleanup(deleteAfterOutcome, 7).run();
            assertEquals(1, pass.retaken(), "mode delete=" + deleteAfterOutcome);
            Path again = config.sftpDir().resolve("upload/FFFF-1-Doe^Paused.dcm");
            assertEquals(CONTENT, Files.readString(again), "all of it, in the upload folder the route takes from");
            assertFalse(Files.exists(grown));
            assertEquals(deleteAfterOutcome, !Files.exists(whole), "the other upload as before");
            assertEquals(1L, deleted.get("retaken"));
            Files.delete(again);
            empty();
        }
    }

    /**
     * With {@code delete}, an upload whose outcome is durable still waits until nothing has been written to it
     * for mip.sftp.settle-seconds: a client still paused may go on, and its upload is then taken again.
     */
    @Test
    void anUploadWrittenToRecentlyWaitsForTheSettleTimeBeforeItGoes() throws Exception {
        Path recent = upload("2026-12-05/GGGG-1.10/x.dcm", false, Duration.ofSeconds(20));
        assertEquals(new SftpOriginals.Pass(0, 0, 1, 0, 0, 0), cleanup(true, Duration.ofSeconds(60), 7).run());
        assertTrue(Files.exists(recent), "written 20 s ago: a paused client may still go on");
        assertEquals(new SftpOriginals.Pass(1, 0, 0, 0, 0, 0), cleanup(true, Duration.ofSeconds(10), 7).run());
        assertFalse(Files.exists(recent));
    }

    /** Uploads moved by earlier versions carry no size: they are deleted as before, never taken again. */
    @Test
    void uploadsOfEarlierVersionsWithoutTheirSizeAreDeletedAsBefore() throws Exception {
        Path old = upload("2026-12-05/HHHH-1/x.dcm", false, Duration.ofMinutes(5));
        Path older = upload("20261201/y.dcm", false, Duration.ofMinutes(5));
        assertEquals(new SftpOriginals.Pass(2, 0, 0, 0, 0, 0), cleanup(true, 7).run());
        assertFalse(Files.exists(old) || Files.exists(older));
    }

    @Test
    void theDonePathGivesTheRawKeyTheSizeSentAndAUniqueNameToTakeItAgain() {
        SftpOriginals.Taken t = SftpOriginals.Taken.of("2026-12-05/ID-0000000000000007.131832/Doe^John.dcm");
        assertEquals("sftp/2026-12-05/ID-0000000000000007/Doe^John.dcm", t.rawKey());
        assertEquals(131_832, t.sent());
        assertEquals("ID-0000000000000007-Doe^John.dcm", t.retakeName());
        assertFalse(t.grewOrShrank(131_832));
        assertTrue(t.grewOrShrank(131_833) && t.grewOrShrank(0));
        String longName = "\u00e9".repeat(124) + ".dcm"; // 252 bytes in UTF-8: with the id, over 255
        assertEquals("ID-1", SftpOriginals.Taken.of("2026-12-05/ID-1.5/" + longName).retakeName());
        assertEquals("sftp/2026-12-05/ID-1/x.dcm.7", SftpOriginals.Taken.of("2026-12-05/ID-1/x.dcm.7").rawKey(), "no size: as before");
        assertFalse(SftpOriginals.Taken.of("2026-12-05/ID-1/x.dcm").grewOrShrank(3));
    }

    @Test
    void noDoneFolderIsNothingToDoAndUploadsWaitingForTheRouteAreNeverTouched() throws Exception {
        Path pending = config.sftpDir().resolve("upload/new.dcm");
        Files.writeString(pending, "not yet taken");
        Files.setLastModifiedTime(pending, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        assertEquals(new SftpOriginals.Pass(0, 0, 0, 0, 0, 0), cleanup(true, 7).run());
        assertTrue(Files.exists(pending), "only .done/ is cleaned");
        Files.delete(pending);
    }
}
