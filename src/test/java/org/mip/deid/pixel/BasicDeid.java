package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.mip.deid.DeidRefusal;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.DicomFile;

/**
 * The de-identifier the pixel stage's end-to-end tests run: the built-in basic profile, a fixed key,
 * text-likeness without OCR; and a file through it.
 */
final class BasicDeid {
    private BasicDeid() {
    }

    static Deidentifier create(Path spoolDir) {
        return Deidentifiers.create(ProfileLoader.builtIn("basic"), DeidKey.of(new byte[32]), "test", spoolDir,
                ScanEngine.withoutOcr());
    }

    /** {@code in} de-identified into {@code dir} as its name + ".out.dcm", the pixel stage's outcome being {@code expectedPixelCode}. */
    static Path run(Path in, Path dir, String expectedPixelCode) throws Exception {
        Path out = dir.resolve(in.getFileName() + ".out.dcm");
        try (DicomFile file = TestFiles.read(in)) {
            assertEquals(expectedPixelCode, create(dir).deidentify(file).pixels().code());
            TestFiles.write(file, out);
        }
        return out;
    }

    /** The refusal of {@code in}, which must be refused. */
    static DeidRefusal refusal(Path in, Path dir) throws Exception {
        try (DicomFile file = TestFiles.read(in)) {
            return assertThrows(DeidRefusal.class, () -> create(dir).deidentify(file));
        }
    }
}
