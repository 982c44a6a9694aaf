package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.profile.Profile;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.Dataset;
import org.mip.testing.Tools;

/**
 * dciodvfy (dicom3tools) on the input and the output of every SOP class the tests generate, under
 * the Basic profile and under the options that change what the combined codes do: the output may
 * carry no error the input did not. Removal that drops a Type 1 attribute, or empties a Type 1
 * sequence or a Type 2 one's item of its Type 1 content, is what this catches.
 */
class IodConformanceTest {
    private static final Set<String> IOD_CORPUS = Set.of("gsps", "ko", "enhanced-sr");

    /**
     * Every SOP class the tests generate, by name: the IOD corpus (GSPS, KO, Enhanced SR), the study
     * of StudyReferencesTest (CT, Comprehensive SR, RT Structure Set), the PHI corpus (a CT with
     * identifying values everywhere, in two character sets), the benchmark's CT slice, the pipeline's
     * Enhanced CT and the codec tests' MR.
     */
    static Map<String, Dataset> instances() throws Exception {
        Map<String, Dataset> out = new LinkedHashMap<>();
        out.put("gsps", IodCorpus.gsps());
        out.put("ko", IodCorpus.ko());
        out.put("enhanced-sr", IodCorpus.enhancedSr());
        out.put("ct", StudyReferencesTest.ct(StudyReferencesTest.CT3, StudyReferencesTest.SERIES_B, StudyReferencesTest.CT1));
        out.put("comprehensive-sr", StudyReferencesTest.sr());
        out.put("rtstruct", StudyReferencesTest.rt());
        for (PhiCorpus.Charset cs : List.of(PhiCorpus.Charset.ASCII, PhiCorpus.Charset.JIS)) {
            try (org.mip.dicom.data.DicomFile f = new PhiCorpus(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, cs).build()) {
                out.put("phi-" + cs, f.dataset());
            }
        }
        out.put("ct-slice", org.mip.bench.CtCorpus.slice(1, 1, 1));
        out.put("enhanced-ct", org.mip.app.SyntheticCt.image(1, 1, 2, 2, 2).dataset());
        out.put("mr", org.mip.testing.SyntheticDicom.image());
        return out;
    }

    static Map<String, Profile> profiles() {
        Map<String, Profile> out = new LinkedHashMap<>();
        out.put("basic", DeidKit.profile().build());
        out.put("modified-dates", DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build());
        out.put("clean", DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, DeidOption.CLEAN_DESCRIPTORS,
                DeidOption.CLEAN_STRUCTURED_CONTENT, DeidOption.CLEAN_GRAPHICS, DeidOption.RETAIN_PATIENT_CHARACTERISTICS).build());
        out.put("retain-uids-and-devices", DeidKit.profile(DeidOption.RETAIN_UIDS, DeidOption.RETAIN_DEVICE_IDENTITY,
                DeidOption.RETAIN_INSTITUTION_IDENTITY).build());
        return out;
    }

    /**
     * The input as dciodvfy can judge it: command and reserved groups (0000-0007) planted in the
     * body make it stop at "Tags out of order" before any IOD check. The de-identifier drops them
     * anyway; nothing else changes.
     */
    static byte[] baseline(Dataset ds) throws Exception {
        Dataset copy = DeidKit.read(DeidKit.write(DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))).dataset();
        copy.removeIf(e -> org.mip.dicom.Tag.group(e.tag()) < 0x0008);
        return DeidKit.write(DeidKit.file(copy, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @Test
    void noOutputHasADciodvfyErrorItsInputHadNot(@TempDir Path dir) throws Exception {
        Tools.requireDciodvfy();
        List<String> problems = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Dataset> instance : instances().entrySet()) {
            byte[] input = DeidKit.write(DeidKit.file(instance.getValue(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            Set<String> before = SamplesTest.errors(Tools.dciodvfy(
                    DeidKit.writeTemp(dir, instance.getKey() + ".dcm", baseline(instance.getValue()))).output());
            report.append(instance.getKey()).append(": input errors ").append(before).append('\n');
            if (IOD_CORPUS.contains(instance.getKey())) {
                assertEquals(Set.of(), before, instance.getKey() + ": the IOD corpus is conformant, so any error is new");
            }
            for (Map.Entry<String, Profile> profile : profiles().entrySet()) {
                byte[] output = DeidKit.run(DeidKit.deidentifier(profile.getValue()), input).output();
                Path out = DeidKit.writeTemp(dir, instance.getKey() + "-" + profile.getKey() + ".dcm", output);
                Set<String> added = new LinkedHashSet<>(SamplesTest.errors(Tools.dciodvfy(out).output()));
                added.removeAll(before);
                report.append("  ").append(profile.getKey()).append(": new ").append(added).append('\n');
                for (String error : added) {
                    problems.add(instance.getKey() + " (" + profile.getKey() + "): " + error);
                }
            }
        }
        System.out.println(report);
        assertEquals(List.of(), problems, "dciodvfy finds errors the de-identifier made");
    }
}
