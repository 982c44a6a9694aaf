package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomReader;
import org.mip.pipeline.Hashing;

/**
 * The pipeline end to end on the embedded servers, fed by the real clients users have: the AWS SDK,
 * the aws CLI (including a multipart upload) and OpenSSH sftp. Every sample file ends published or
 * quarantined with its expected reason; published files are de-identified and readable by pydicom
 * and dcmdump, their sidecars are DICOM JSON; each object has one "received" and one final audit
 * event; the raw bucket ends empty. One pipeline serves the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ElementDictionary DICT = ElementDictionary.standard();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    /**
     * Why each sample that does not pass is quarantined (docs/VALIDATION.md for the validation codes,
     * docs/PIXEL_REDACTION.md for the pixel ones). Images that may carry burned-in text (US, SC, NM,
     * secondary captures...) are scanned and published once no text remains, the 30-frame SonoSite
     * ultrasound among them (each frame blanked with what it shows and the static overlays). One is
     * not: the JPEG 2000 stream of the embedded-delimiter sample is itself broken (GDCM/OpenJPEG
     * refuse it too: its SIZ segment gives 4,292,730,882 tiles). Every other sample is published.
     */
    static final Map<String, String> QUARANTINED = Map.ofEntries(
            Map.entry("DICOMDIR", "MISSING_ATTRIBUTE"),
            Map.entry("JPEG2000-embedded-sequence-delimiter.dcm", "CODEC_FRAME_MISMATCH"),
            Map.entry("JPEGLSNearLossless_08.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("MR_truncated.dcm", "TRUNCATED"),
            Map.entry("UN_sequence.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("badVR.dcm", "INVALID_VALUE"),
            Map.entry("bad_sequence.dcm", "INVALID_UID"),
            Map.entry("chrSQEncoding.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("empty_charset_LEI.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("meta_missing_tsyntax.dcm", "MISSING_TRANSFER_SYNTAX"),
            Map.entry("nested_priv_SQ.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("no_meta.dcm", "NOT_DICOM"),
            Map.entry("no_meta_group_length.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("priv_SQ.dcm", "MISSING_ATTRIBUTE"),
            Map.entry("rtdose.dcm", "INVALID_UID"),
            Map.entry("rtplan_truncated.dcm", "TRUNCATED"));

    /** Identifying attributes whose sample values must not survive into a published file or sidecar. */
    static final List<String> IDENTIFYING = List.of("PatientName", "PatientID", "PatientBirthDate", "OtherPatientIDs",
            "InstitutionName", "InstitutionAddress", "ReferringPhysicianName", "AccessionNumber", "PatientAddress",
            "OperatorsName", "PerformingPhysicianName", "StationName", "DeviceSerialNumber");

    static final Pattern TAG_KEY = Pattern.compile("[0-9A-F]{8}");
    static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB",
            "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR",
            "US", "UT", "UV");

    @TempDir
    static Path dir;
    PipelineHarness h;
    Path samples;

    @BeforeAll
    void start() {
        h = PipelineHarness.start(dir.resolve("data"), Map.of());
        samples = Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    List<String> sampleNames() throws IOException {
        assumeTrue(Files.isDirectory(samples), "samples not present (system property mip.samples)");
        try (Stream<Path> s = Files.list(samples)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".md")).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ the AWS SDK

    @Test
    @Order(1)
    void everySampleUploadedWithTheSdkIsPublishedOrQuarantinedWithItsReason() throws Exception {
        List<String> names = sampleNames();
        assertTrue(names.containsAll(QUARANTINED.keySet()), "samples missing: " + QUARANTINED.keySet());
        Map<String, String> rawKeys = new LinkedHashMap<>();
        for (String name : names) {
            // raw keys like hospitals' exports: the patient's name in the path
            String key = "sdk/Doe^John 19700101/" + name;
            rawKeys.put(name, key);
            h.putRaw(key, samples.resolve(name));
        }
        Map<String, JsonNode> outcomes = awaitOutcomes(rawKeys.values());

        List<Path[]> published = new ArrayList<>();
        Map<String, String> wrong = new TreeMap<>();
        Map<String, List<String>> publishedBy = new TreeMap<>();
        Map<String, Set<String>> announced = new TreeMap<>();
        Map<String, JsonNode> lastEvent = new TreeMap<>();
        for (String name : names) {
            String key = rawKeys.get(name);
            JsonNode last = outcomes.get(key);
            byte[] raw = Files.readAllBytes(samples.resolve(name));
            assertEvents(key, raw, last);
            String expected = QUARANTINED.getOrDefault(name, "published");
            String actual = "published".equals(last.path("outcome").asText()) ? "published" : last.path("reasonCode").asText();
            if (!expected.equals(actual)) {
                wrong.put(name, "expected " + expected + ", got " + last.path("outcome").asText() + " " + actual
                        + " (" + last.path("reasonMessage").asText() + ")");
                continue;
            }
            if (QUARANTINED.containsKey(name)) {
                assertQuarantined(key, raw, last);
            } else {
                publishedBy.computeIfAbsent(last.path("output").path("key").asText(), k -> new ArrayList<>()).add(name);
                announced.computeIfAbsent(last.path("output").path("key").asText(), k -> new java.util.HashSet<>())
                        .add(last.path("output").path("sha256").asText());
                lastEvent.put(last.path("output").path("key").asText(), last);
            }
        }
        assertTrue(wrong.isEmpty(), "unexpected outcomes: " + wrong);
        // Samples that are one instance in several transfer syntaxes (MR_small and its RLE, big endian,
        // implicit, J2K and JPEG-LS forms) share a SOP Instance UID, so they share one output key: the
        // last one written stays, and each publication is in the audit trail with its own checksum.
        assertTrue(publishedBy.values().stream().anyMatch(l -> l.size() > 1), "expected shared keys: " + publishedBy);
        for (Map.Entry<String, List<String>> e : publishedBy.entrySet()) {
            List<String> sources = e.getValue();
            published.add(assertPublished(sources.get(0), sources.stream().map(samples::resolve).toList(),
                    lastEvent.get(e.getKey()), announced.get(e.getKey())));
        }
        assertReadableByOracles(published);
    }

    // ------------------------------------------------------------------ the aws CLI

    @Test
    @Order(2)
    void uploadsWithTheAwsCliIncludingAMultipartUpload() throws Exception {
        assumeTrue(PipelineHarness.has(PipelineHarness.AWS_CLI), "aws CLI not installed");
        Path big = SyntheticCt.image(7001, 1, 3000, 3000, 1).write(dir.resolve("big ct.dcm")); // 18 MB: 3 parts of 8 MB
        Path small = SyntheticCt.image(7002, 1, 64, 64, 1).write(dir.resolve("small.dcm"));
        Path broken = dir.resolve("broken.dcm");
        byte[] smallBytes = Files.readAllBytes(small);
        Files.write(broken, java.util.Arrays.copyOf(smallBytes, smallBytes.length - 100));
        Files.delete(small);
        SyntheticCt.image(7002, 1, 64, 64, 1).write(small);

        PipelineHarness.Result cp = h.awsS3(dir, "s3", "cp", big.toString(), "s3://raw/cli/Smith^Anna/big ct.dcm", "--debug");
        assertEquals(0, cp.exit(), cp.out());
        assertTrue(cp.out().contains("CreateMultipartUpload") && cp.out().contains("CompleteMultipartUpload"),
                "the CLI did not use multipart upload");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.copy(small, folder.resolve("small.dcm"));
        Files.copy(broken, folder.resolve("broken.dcm"));
        PipelineHarness.Result sync = h.awsS3(dir, "s3", "cp", "--recursive", folder.toString(), "s3://raw/cli/folder/");
        assertEquals(0, sync.exit(), sync.out());

        Map<String, JsonNode> outcomes = awaitOutcomes(List.of("cli/Smith^Anna/big ct.dcm", "cli/folder/small.dcm",
                "cli/folder/broken.dcm"));
        JsonNode bigOut = outcomes.get("cli/Smith^Anna/big ct.dcm");
        assertEvents("cli/Smith^Anna/big ct.dcm", Files.readAllBytes(big), bigOut);
        assertEquals("published", bigOut.path("outcome").asText(), bigOut.toString());
        assertEquals("published", outcomes.get("cli/folder/small.dcm").path("outcome").asText());
        JsonNode brokenOut = outcomes.get("cli/folder/broken.dcm");
        assertEquals("TRUNCATED", brokenOut.path("reasonCode").asText(), brokenOut.toString());
        assertQuarantined("cli/folder/broken.dcm", Files.readAllBytes(broken), brokenOut);
        List<Path[]> files = List.of(assertPublished("big", big, bigOut),
                assertPublished("small", small, outcomes.get("cli/folder/small.dcm")));
        assertReadableByOracles(files);

        // the CLI sees the results where users look for them
        PipelineHarness.Result ls = h.awsS3(dir, "s3", "ls", "--recursive", "s3://processed/");
        assertEquals(0, ls.exit(), ls.out());
        assertTrue(ls.out().contains(bigOut.path("output").path("key").asText()), ls.out());
    }

    // ------------------------------------------------------------------ OpenSSH sftp

    @Test
    @Order(3)
    void uploadsWithOpenSshSftp() throws Exception {
        assumeTrue(PipelineHarness.has(PipelineHarness.SFTP) && PipelineHarness.has(PipelineHarness.SSHPASS),
                "sftp or sshpass not installed");
        Path good = SyntheticCt.image(7101, 1, 128, 128, 1).write(dir.resolve("sftp-good.dcm"));
        byte[] goodBytes = Files.readAllBytes(good);
        Path broken = Files.write(dir.resolve("sftp-broken.dcm"), java.util.Arrays.copyOf(goodBytes, goodBytes.length / 2));
        PipelineHarness.Result r = h.sftp(dir, "cd upload\nput " + good + " \"Roe Richard CT.dcm\"\nput " + broken
                + " \"Roe Richard broken.dcm\"\n");
        assertEquals(0, r.exit(), r.out());

        String goodSha = Hashing.sha256Hex(goodBytes);
        String brokenSha = Hashing.sha256Hex(Files.readAllBytes(broken));
        PipelineHarness.await(TIMEOUT, "both SFTP uploads to reach an outcome",
                () -> finalEventByContent(goodSha) != null && finalEventByContent(brokenSha) != null);
        JsonNode goodOut = finalEventByContent(goodSha);
        assertEquals("published", goodOut.path("outcome").asText(), goodOut.toString());
        JsonNode brokenOut = finalEventByContent(brokenSha);
        assertEquals("quarantined", brokenOut.path("outcome").asText(), brokenOut.toString());
        assertEquals("TRUNCATED", brokenOut.path("reasonCode").asText());
        assertReadableByOracles(List.<Path[]>of(assertPublished("sftp", good, goodOut)));

        // taken files leave the upload folder for .done/ (the read lock waited for complete files)
        Path upload = dir.resolve("data/sftp/upload");
        PipelineHarness.await(Duration.ofSeconds(30), "the upload folder to empty", () -> {
            try (Stream<Path> s = Files.list(upload)) {
                return s.noneMatch(p -> Files.isRegularFile(p));
            } catch (IOException e) {
                return false;
            }
        });
    }

    // ------------------------------------------------------------------ at the end

    @Test
    @Order(10)
    void rawBucketIsEmptyAndEveryObjectHasExactlyTwoEvents() {
        PipelineHarness.await(TIMEOUT, "the raw bucket to empty", () -> h.keys("raw").isEmpty());
        Map<String, List<String>> byCorrelation = new TreeMap<>();
        for (JsonNode e : h.auditEvents()) {
            byCorrelation.computeIfAbsent(e.path("correlationId").asText(), k -> new ArrayList<>()).add(e.path("outcome").asText());
        }
        byCorrelation.forEach((id, outcomes) -> {
            assertEquals(2, outcomes.size(), id + ": " + outcomes);
            assertEquals("received", outcomes.get(0), id + ": " + outcomes);
            assertTrue(Set.of("published", "quarantined").contains(outcomes.get(1)), id + ": " + outcomes);
        });
        long published = h.auditEvents().stream().filter(e -> "published".equals(e.path("outcome").asText()))
                .map(e -> e.path("output").path("key").asText()).distinct().count();
        long quarantined = h.auditCount("quarantined");
        assertEquals(2 * published, h.keys("processed").size(), "a .dcm and a .dcm.json per published key");
        assertEquals(2 * quarantined, h.keys("quarantine").size(), "the raw bytes and a .reason.json per quarantined object");
    }

    // ------------------------------------------------------------------ checks

    /** Waits until each raw key has its final event (published or quarantined); returns them by key. */
    Map<String, JsonNode> awaitOutcomes(java.util.Collection<String> rawKeys) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        PipelineHarness.await(TIMEOUT, "every object to reach an outcome", () -> {
            for (String key : rawKeys) {
                if (!out.containsKey(key)) {
                    h.auditEventsOf(key).stream().filter(e -> !"received".equals(e.path("outcome").asText())).findFirst()
                            .ifPresent(e -> out.put(key, e));
                }
            }
            return out.size() == rawKeys.size();
        });
        return out;
    }

    JsonNode finalEventByContent(String sha256) {
        return h.auditEvents().stream().filter(e -> sha256.equals(e.path("source").path("sha256").asText()))
                .filter(e -> !"received".equals(e.path("outcome").asText())).findFirst().orElse(null);
    }

    /** One received and one final event, both complete, sharing a correlation id; no raw key in them. */
    void assertEvents(String rawKey, byte[] raw, JsonNode last) {
        List<JsonNode> events = h.auditEventsOf(rawKey);
        assertEquals(2, events.size(), rawKey + ": " + events);
        JsonNode received = events.get(0);
        assertEquals("received", received.path("outcome").asText());
        assertEquals(last, events.get(1));
        String sha = Hashing.sha256Hex(raw);
        for (JsonNode e : events) {
            for (String field : List.of("schemaVersion", "eventId", "time", "outcome", "stage", "correlationId", "source",
                    "profile", "product", "keyFingerprint", "durationMs")) {
                assertTrue(e.hasNonNull(field), "audit event without " + field + ": " + e);
            }
            assertEquals(1, e.path("schemaVersion").asInt());
            assertTrue(e.path("eventId").asText().matches("[0-9a-f-]{36}"), e.toString());
            java.time.Instant.parse(e.path("time").asText());
            assertEquals(received.path("correlationId"), e.path("correlationId"));
            assertEquals("raw", e.path("source").path("bucket").asText());
            assertEquals(Hashing.sha256Hex(rawKey), e.path("source").path("keySha256").asText());
            assertFalse(e.path("source").has("key"), "the raw key is in an audit event: " + e);
            assertEquals(raw.length, e.path("source").path("sizeBytes").asLong());
            assertEquals(sha, e.path("source").path("sha256").asText());
            assertEquals("basic", e.path("profile").asText());
            assertEquals(PipelineHarness.TEST_KEY.fingerprint(), e.path("keyFingerprint").asText());
            assertFalse(e.toString().contains("Doe^John") || e.toString().contains("Smith^Anna"), e.toString());
        }
        if ("quarantined".equals(last.path("outcome").asText())) {
            assertTrue(last.hasNonNull("reasonCode") && last.hasNonNull("reasonMessage"), last.toString());
            assertEquals("quarantine", last.path("quarantine").path("bucket").asText());
        }
    }

    /** The raw bytes are in quarantine, with the reason in their metadata and in the .reason.json beside them. */
    void assertQuarantined(String rawKey, byte[] raw, JsonNode event) throws IOException {
        String key = event.path("quarantine").path("key").asText();
        assertTrue(key.contains(Hashing.sha256Hex(rawKey)), "quarantine key " + key + " is not named by the raw key's hash");
        assertArrayEquals(raw, h.get("quarantine", key), "quarantined bytes differ from the raw object");
        Map<String, String> meta = h.metadata("quarantine", key);
        assertEquals(event.path("reasonCode").asText(), meta.get("mip-reason-code"), meta.toString());
        assertEquals(Hashing.sha256Hex(rawKey), meta.get("mip-raw-key-sha256"));
        JsonNode reason = JSON.readTree(h.get("quarantine", key + ".reason.json"));
        assertEquals(event.path("reasonCode").asText(), reason.path("reasonCode").asText());
        assertEquals(event.path("stage").asText(), reason.path("stage").asText());
        assertEquals(event.path("correlationId").asText(), reason.path("correlationId").asText());
        assertEquals(Hashing.sha256Hex(rawKey), reason.path("sourceKeySha256").asText());
        assertEquals(raw.length, reason.path("sizeBytes").asLong());
        assertFalse(reason.toString().contains(rawKey), "the raw key is in the reason file");
    }

    /**
     * The published object and its sidecar: where the event says, checksums as announced, the
     * de-identification markers, none of the source's identifying values, metadata without PHI.
     * Returns the downloaded pair for the oracles.
     */
    Path[] assertPublished(String name, Path source, JsonNode event) throws Exception {
        return assertPublished(name, List.of(source), event, Set.of(event.path("output").path("sha256").asText()));
    }

    Path[] assertPublished(String name, List<Path> sources, JsonNode event, Set<String> announcedSha256) throws Exception {
        JsonNode output = event.path("output");
        String key = output.path("key").asText();
        assertTrue(key.matches("[A-Za-z0-9_.-]+/2\\.25\\.\\d+/2\\.25\\.\\d+/2\\.25\\.\\d+\\.dcm"), "output key " + key);
        assertEquals(key + ".json", output.path("sidecarKey").asText());
        byte[] dcm = h.get("processed", key);
        byte[] sidecar = h.get("processed", key + ".json");
        String sha = Hashing.sha256Hex(dcm);
        assertTrue(announcedSha256.contains(sha), name + ": the published object is none of those announced");

        var head = h.s3().headObject(b -> b.bucket("processed").key(key));
        assertEquals("application/dicom", head.contentType());
        if (dcm.length < (16L << 20)) {
            // Camel 4.17's aws2-s3 producer drops CamelAwsS3Metadata on multipart uploads (above
            // mip.s3.part-size-mb): reported, see publish.yaml's owner; single uploads carry it.
            assertEquals(sha, head.metadata().get("mip-sha256"));
            assertEquals("basic", head.metadata().get("mip-profile"));
        }
        for (String v : head.metadata().values()) {
            assertFalse(v.contains("^"), "a person name in the object metadata: " + head.metadata());
        }

        String safeName = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path file = Files.write(dir.resolve("out-" + safeName + ".dcm"), dcm);
        Path json = Files.write(dir.resolve("out-" + safeName + ".dcm.json"), sidecar);
        try (DicomFile f = DicomReader.read(file)) {
            assertEquals("YES", f.dataset().getString(DICT.tagOf("PatientIdentityRemoved")), name);
            assertNotNull(f.dataset().getString(DICT.tagOf("DeidentificationMethod")), name);
            assertTrue(f.dataset().contains(DICT.tagOf("DeidentificationMethodCodeSequence")), name);
            assertEquals(output.path("sopClassUid").asText(), f.dataset().getString(org.mip.dicom.Tag.SOP_CLASS_UID));
        }
        assertDicomJson(name, JSON.readTree(sidecar));

        String dcmText = new String(dcm, StandardCharsets.ISO_8859_1);
        String sidecarText = new String(sidecar, StandardCharsets.UTF_8);
        for (Path source : sources) {
          try (DicomFile original = DicomReader.read(source)) {
            // values of device attributes the profile keeps (MR_small: Manufacturer TOSHIBA_MEC, Institution TOSHIBA)
            List<String> kept = new ArrayList<>();
            for (String keyword : List.of("Manufacturer", "ManufacturerModelName", "SoftwareVersions")) {
                String v = original.dataset().getString(DICT.tagOf(keyword));
                if (v != null) {
                    kept.add(v);
                }
            }
            for (String keyword : IDENTIFYING) {
                String value = original.dataset().getString(DICT.tagOf(keyword));
                if (value == null || value.strip().length() < 4) {
                    continue;
                }
                for (String form : List.of(value.strip(), value.strip().replace('^', ' ').strip())) {
                    // a value of separators only ("^^^^", chrH31's referring physician) has nothing to leak
                    if (form.length() < 4 || kept.stream().anyMatch(k -> k.contains(form))) {
                        continue;
                    }
                    assertFalse(sidecarText.contains(form), name + ": " + keyword + " \"" + form + "\" in the sidecar");
                    assertFalse(new String(dcm, StandardCharsets.UTF_8).contains(form) || dcmText.contains(form),
                            name + ": " + keyword + " \"" + form + "\" in the published file");
                }
            }
          }
        }
        return new Path[] {file, json};
    }

    /** PS3.18 F.2: an object of 8-hex-digit tags, each with a known "vr" and Value / InlineBinary / BulkDataURI. */
    static void assertDicomJson(String name, JsonNode node) {
        assertTrue(node.isObject(), name + ": sidecar is not a JSON object");
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            assertTrue(TAG_KEY.matcher(f.getKey()).matches(), name + ": sidecar key " + f.getKey());
            JsonNode v = f.getValue();
            assertTrue(VRS.contains(v.path("vr").asText()), name + ": " + f.getKey() + " vr " + v.path("vr"));
            if (v.has("Value")) {
                assertTrue(v.get("Value").isArray(), name + ": " + f.getKey() + " Value is not an array");
                if ("SQ".equals(v.path("vr").asText())) {
                    v.get("Value").forEach(item -> assertDicomJson(name, item));
                }
            }
        }
    }

    /** pydicom reads every published file whole and its sidecar as DICOM JSON; dcmdump reads the file without error. */
    void assertReadableByOracles(List<Path[]> files) throws Exception {
        List<JsonNode> py = Oracles.pydicom(dir, files);
        if (py != null) {
            for (JsonNode r : py) {
                assertFalse(r.has("error"), "pydicom: " + r);
                assertEquals("YES", r.path("PatientIdentityRemoved").asText(), r.toString());
                assertFalse(r.path("DeidentificationMethod").asText().isEmpty(), r.toString());
                assertTrue(r.path("codes").asInt() > 0, r.toString());
                assertEquals(r.path("sop").asText(), r.path("sidecarSop").asText(), r.toString());
                assertEquals("YES", r.path("sidecarRemoved").asText(), r.toString());
            }
        }
        for (Path[] pair : files) {
            PipelineHarness.Result dump = Oracles.dcmdump(pair[0]);
            if (dump != null) {
                assertEquals(0, dump.exit(), pair[0] + ": " + dump.out());
                assertFalse(dump.out().lines().anyMatch(l -> l.startsWith("E:")), pair[0] + ": " + dump.out());
                assertTrue(dump.out().contains("(0012,0062) CS [YES]"), pair[0] + ": no Patient Identity Removed");
            }
        }
    }
}
