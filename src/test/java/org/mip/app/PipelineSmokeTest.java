package org.mip.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;

/** One good and one broken file through the whole local pipeline: published, quarantined, audited, raw emptied. */
class PipelineSmokeTest {

    @Test
    void publishesTheGoodQuarantinesTheBrokenAndEmptiesRaw(@TempDir Path dir) throws Exception {
        Path samples = Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
        Assumptions.assumeTrue(Files.isDirectory(samples), "samples not present");
        try (PipelineHarness h = PipelineHarness.start(dir.resolve("data"), Map.of())) {
            h.putRaw("in/Doe^John/mr.dcm", samples.resolve("MR_small.dcm"));
            h.putRaw("in/Doe^John/truncated.dcm", samples.resolve("MR_truncated.dcm"));
            PipelineHarness.await(Duration.ofSeconds(60), "the raw bucket to empty", () -> h.keys("raw").isEmpty());

            var processed = h.keys("processed");
            assertEquals(2, processed.size(), processed.toString());
            String dcm = processed.stream().filter(k -> k.endsWith(".dcm")).findFirst().orElseThrow();
            assertTrue(processed.contains(dcm + ".json"));
            Path out = dir.resolve("out.dcm");
            Files.write(out, h.get("processed", dcm));
            try (DicomFile f = DicomReader.read(out)) {
                assertEquals("YES", f.dataset().getString(org.mip.dicom.dict.ElementDictionary.standard().tagOf("PatientIdentityRemoved")));
            }
            var quarantine = h.keys("quarantine");
            assertEquals(2, quarantine.size(), quarantine.toString());
            assertTrue(quarantine.stream().anyMatch(k -> k.endsWith(".reason.json")));
            PipelineHarness.await(Duration.ofSeconds(10), "four audit events",
                    () -> h.auditEvents().size() >= 4);
            assertEquals(2, h.auditCount("received"));
            assertEquals(1, h.auditCount("published"));
            assertEquals(1, h.auditCount("quarantined"));
        }
    }
}
