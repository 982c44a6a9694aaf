package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.data.Dataset;
import org.mip.testing.LogCapture;

/**
 * Plants unique identifying strings everywhere a hospital's data carries them (header attributes,
 * nested sequences, private blocks, raw object keys, SFTP file names), runs them through the
 * pipeline (published, refused, broken, not DICOM) and fails if any of them is found in what the
 * pipeline writes or says: the logs (every event and anything printed), the audit events, the
 * processed objects' keys, metadata, sidecars and bytes, the quarantine keys, metadata and reason
 * files, and the metrics. Raw keys may appear only as their SHA-256.
 */
class PhiLeakTest {

    /** Header values: each unique, found nowhere else. */
    static final Map<String, String> HEADER = new LinkedHashMap<>();

    static {
        HEADER.put("PatientName", "Quixwell^Marjorie^Ottoline");
        HEADER.put("PatientID", "MRN48213977");
        HEADER.put("OtherPatientIDs", "ALTID77319");
        HEADER.put("PatientBirthDate", "19580312");
        HEADER.put("PatientAddress", "42 Wisteria Lane Springfield");
        HEADER.put("PatientTelephoneNumbers", "555-0134-8821");
        HEADER.put("PatientMotherBirthName", "Bramblecott^Henrietta");
        HEADER.put("PatientComments", "Marjorie lives at 42 Wisteria Lane, call 555-0134-8821");
        HEADER.put("InstitutionName", "Saint Quigleyworth Hospital");
        HEADER.put("InstitutionAddress", "9 Hollyhock Road Quigleyworth");
        HEADER.put("ReferringPhysicianName", "Fairweather^Zebulon");
        HEADER.put("PerformingPhysicianName", "Thistlewood^Cornelius");
        HEADER.put("OperatorsName", "Ashgrove^Philippa");
        HEADER.put("AccessionNumber", "ACC90817263");
        HEADER.put("StudyID", "STY55123881");
        HEADER.put("StudyDescription", "CT head for Quixwell MRN48213977");
        HEADER.put("StudyDate", "20190417");
        HEADER.put("StationName", "QUIGWORTHCT07");
    }

    static final Map<String, String> NESTED = Map.of(
            "RequestedProcedureID", "RPID66120573",
            "ScheduledProcedureStepID", "SPS33017942",
            "IssuerOfPatientID", "Quigleyworth Registry",
            "LocalNamespaceEntityID", "NSQUIG88412");
    static final String NESTED_PATIENT_ID = "NESTEDMRN55217";
    static final String PRIVATE_TEXT = "Privnote Marjorie Quixwell";
    static final String PRIVATE_ID = "PRIVMRN60022";
    static final String PRIVATE_SEQ_TEXT = "Privseq Ottoline 19580312";

    /** Raw keys carrying names and ids, as exports from clinical systems do. */
    static final String KEY_GOOD = "incoming/Doe^John/MRN12345.dcm";
    static final String KEY_UNICODE = "incoming/Müller Jürgen 19580312/scan 1.dcm";
    static final String KEY_TRUNCATED = "incoming/Doe^John/MRN12345-truncated.dcm";
    static final String KEY_BURNED = "incoming/Roe^Jane/ACC24680 burned.dcm";
    static final String KEY_TEXT = "incoming/Nobody^Notdicom/SSN-123-45-6789.txt";
    static final String SFTP_GOOD = "Pemberton Agatha SFTPMRN3141.dcm";
    static final String SFTP_BROKEN = "Pemberton Agatha SFTPMRN3141 broken.dcm";
    static final List<String> KEY_PHI = List.of("Doe^John", "MRN12345", "Müller", "Jürgen", "Roe^Jane", "ACC24680",
            "Nobody^Notdicom", "SSN-123-45-6789", "Pemberton", "Agatha", "SFTPMRN3141");

    @Test
    void plantedPhiAppearsNowhereThePipelineWritesOrSays(@TempDir Path dir) throws Exception {
        try (LogCapture logs = LogCapture.asInProduction();
             PipelineHarness h = PipelineHarness.start(dir.resolve("data"), Map.of())) {
            Path good = planted(1).write(dir.resolve("good.dcm"));
            Path unicode = planted(2).write(dir.resolve("unicode.dcm"));
            byte[] goodBytes = Files.readAllBytes(good);
            Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(goodBytes, goodBytes.length - 999));
            Path burned = planted(3).set("BurnedInAnnotation", "YES").write(dir.resolve("burned.dcm"));
            Path text = Files.writeString(dir.resolve("text.txt"), "Patient " + HEADER.get("PatientName") + " MRN "
                    + HEADER.get("PatientID") + " born " + HEADER.get("PatientBirthDate") + "\n");
            h.putRaw(KEY_GOOD, good);
            h.putRaw(KEY_UNICODE, unicode);
            h.putRaw(KEY_TRUNCATED, truncated);
            h.putRaw(KEY_BURNED, burned);
            h.putRaw(KEY_TEXT, text);
            int expected = 5;
            if (PipelineHarness.has(PipelineHarness.SFTP) && PipelineHarness.has(PipelineHarness.SSHPASS)) {
                Path sftpGood = planted(4).write(dir.resolve("sftp-good.dcm"));
                byte[] b = Files.readAllBytes(sftpGood);
                Path sftpBroken = Files.write(dir.resolve("sftp-broken.dcm"), Arrays.copyOf(b, b.length / 3));
                var r = h.sftp(dir, "cd upload\nput " + sftpGood + " \"" + SFTP_GOOD + "\"\nput " + sftpBroken + " \""
                        + SFTP_BROKEN + "\"\n");
                assertEquals(0, r.exit(), r.out());
                expected += 2;
            }
            int objects = expected;
            PipelineHarness.await(Duration.ofSeconds(180), objects + " outcomes and an empty raw bucket",
                    () -> h.auditCount("published") + h.auditCount("quarantined") == objects && h.keys("raw").isEmpty());

            assertEquals(objects == 7 ? 3 : 2, h.auditCount("published"), h.auditEvents().toString());
            Map<String, String> reasons = new LinkedHashMap<>();
            for (String key : List.of(KEY_TRUNCATED, KEY_BURNED, KEY_TEXT)) {
                h.auditEventsOf(key).stream().filter(e -> "quarantined".equals(e.path("outcome").asText()))
                        .forEach(e -> reasons.put(key, e.path("reasonCode").asText()));
            }
            assertEquals("TRUNCATED", reasons.get(KEY_TRUNCATED), reasons.toString());
            assertTrue(reasons.get(KEY_BURNED).startsWith("BURNED_IN"), reasons.toString());
            assertEquals("NOT_DICOM", reasons.get(KEY_TEXT), reasons.toString());

            // everything the pipeline wrote or said
            Map<String, String> outputs = new LinkedHashMap<>();
            StringBuilder audit = new StringBuilder();
            for (JsonNode e : h.auditEvents()) {
                audit.append(e).append('\n'); // bodies; the harness fails on any message attribute
            }
            outputs.put("audit events", audit.toString());
            for (String bucket : List.of("processed", "quarantine")) {
                StringBuilder keys = new StringBuilder();
                StringBuilder meta = new StringBuilder();
                for (String key : h.keys(bucket)) {
                    keys.append(key).append('\n');
                    var head = h.s3().headObject(b -> b.bucket(h.bucket(bucket)).key(key));
                    meta.append(head.metadata()).append(' ').append(head.contentType()).append(' ')
                            .append(head.contentDisposition()).append('\n');
                    if (key.endsWith(".json")) {
                        outputs.put(bucket + " " + key, new String(h.get(bucket, key), StandardCharsets.UTF_8));
                    } else if (bucket.equals("processed")) {
                        outputs.put("processed object " + key, new String(h.get(bucket, key), StandardCharsets.UTF_8)
                                + new String(h.get(bucket, key), StandardCharsets.ISO_8859_1));
                    }
                }
                outputs.put(bucket + " keys", keys.toString());
                outputs.put(bucket + " metadata", meta.toString());
            }
            outputs.put("metrics", HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(h.managementUri() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(logs.text().contains("quarantining correlationId="), "the log capture caught nothing: " + logs.text());
            outputs.put("logs", logs.text());

            List<String> leaks = new ArrayList<>();
            for (String planted : plantedForms()) {
                outputs.forEach((where, content) -> {
                    if (content.contains(planted)) {
                        leaks.add("\"" + planted + "\" in " + where + context(content, planted));
                    }
                });
            }
            assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
            assertTrue(outputs.get("quarantine keys").lines().count() >= 6, outputs.get("quarantine keys"));
        }
    }

    /** A CT image of patient {@code n} with every planted value. */
    static SyntheticCt planted(int n) {
        SyntheticCt ct = SyntheticCt.image(9000 + n, 1, 32, 32, 1);
        HEADER.forEach(ct::set);
        Dataset issuer = SyntheticCt.item(Map.of("LocalNamespaceEntityID", NESTED.get("LocalNamespaceEntityID")));
        Dataset request = SyntheticCt.item(Map.of("RequestedProcedureID", NESTED.get("RequestedProcedureID"),
                "ScheduledProcedureStepID", NESTED.get("ScheduledProcedureStepID")));
        request.put(SyntheticCt.sequence(SyntheticCt.tag("IssuerOfAccessionNumberSequence"), issuer));
        ct.sequence("RequestAttributesSequence", request);
        ct.sequence("OtherPatientIDsSequence", SyntheticCt.item(Map.of("PatientID", NESTED_PATIENT_ID,
                "IssuerOfPatientID", NESTED.get("IssuerOfPatientID"))));
        ct.privateText(0x0019, "ACME PHI 1.0", PRIVATE_TEXT, PRIVATE_ID);
        ct.privateSequence(0x0029, "ACME SEQ 2.0", PRIVATE_SEQ_TEXT);
        return ct;
    }

    /** Every planted string, its name parts, and the forms it takes in URLs and free text. */
    static Set<String> plantedForms() {
        List<String> base = new ArrayList<>(HEADER.values());
        base.addAll(NESTED.values());
        base.addAll(List.of(NESTED_PATIENT_ID, PRIVATE_TEXT, PRIVATE_ID, PRIVATE_SEQ_TEXT));
        base.addAll(KEY_PHI);
        base.addAll(List.of(KEY_GOOD, KEY_UNICODE, KEY_TRUNCATED, KEY_BURNED, KEY_TEXT, SFTP_GOOD, SFTP_BROKEN));
        Set<String> forms = new LinkedHashSet<>();
        for (String s : base) {
            forms.add(s);
            forms.add(s.replace('^', ' ').strip());
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            if (s.contains("^")) {
                for (String part : s.split("\\^")) {
                    if (part.length() >= 5) {
                        forms.add(part);
                    }
                }
            }
        }
        return forms;
    }

    static String context(String content, String planted) {
        int i = content.indexOf(planted);
        int from = Math.max(0, i - 120);
        int to = Math.min(content.length(), i + planted.length() + 60);
        return ": ..." + content.substring(from, to).replace('\n', ' ') + "...";
    }
}
