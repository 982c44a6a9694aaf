package org.mip.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.WriteOptions;

/**
 * Inputs for the fault tests: good files that all publish to different keys (sample images with
 * their SOP Instance UID made unique, so no two inputs share an output key), and broken files that
 * all go to quarantine (a truncated sample, bytes that are not DICOM). Raw keys carry a name, as
 * real ones do, so the tests also see that no raw key leaks.
 */
public final class FaultCorpus {
    /** One raw object: its key, its file, and whether it should end published (else quarantined). */
    public record Input(String key, Path file, boolean good) {
    }

    private FaultCorpus() {
    }

    public static Path samples() {
        return Path.of(System.getProperty("mip.samples", "../shared/dicom-samples"));
    }

    public static boolean samplesPresent() {
        Path s = samples();
        return Files.isRegularFile(s.resolve("MR_small.dcm")) && Files.isRegularFile(s.resolve("CT_small.dcm"))
                && Files.isRegularFile(s.resolve("MR_truncated.dcm"));
    }

    /**
     * {@code good} distinct publishable files and {@code broken} files for quarantine, interleaved,
     * written under {@code dir}; {@code tag} makes UIDs and keys differ between calls in one test.
     */
    public static List<Input> build(Path dir, String tag, int good, int broken) throws IOException, DicomException {
        Files.createDirectories(dir);
        List<Input> out = new ArrayList<>();
        int total = good + broken;
        int b = 0;
        for (int i = 0; i < total; i++) {
            // spread the broken ones evenly through the batch
            boolean isBroken = (long) (i + 1) * broken / total > b;
            if (isBroken) {
                Path f = dir.resolve(tag + "-broken-" + b + ".dcm");
                if (b % 2 == 0) {
                    Files.copy(samples().resolve("MR_truncated.dcm"), f);
                } else {
                    Files.writeString(f, "not DICOM at all, patient Doe^John " + tag + " " + b, StandardCharsets.US_ASCII);
                }
                out.add(new Input("in/Doe^John/" + tag + "/broken-" + b + ".dcm", f, false));
                b++;
            } else {
                int g = i - b;
                String base = g % 2 == 0 ? "MR_small.dcm" : "CT_small.dcm";
                Path f = dir.resolve(tag + "-good-" + g + ".dcm");
                variant(samples().resolve(base), f, "2.25." + (tag.hashCode() & 0x7fffffffL) + "9" + g);
                out.add(new Input("in/Doe^John/" + tag + "/good-" + g + ".dcm", f, true));
            }
        }
        return out;
    }

    /** The sample with a new SOP Instance UID (data set and file meta), so it publishes under its own key. */
    static void variant(Path sample, Path out, String sopInstanceUid) throws IOException, DicomException {
        try (DicomFile file = DicomReader.read(sample)) {
            file.dataset().setString(Tag.SOP_INSTANCE_UID, VR.UI, sopInstanceUid);
            if (file.meta() != null) {
                file.meta().setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstanceUid);
            }
            DicomWriter.write(file, out, WriteOptions.DEFAULT);
        }
    }
}
