package org.mip.dicom.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.dicom.VR;

/**
 * dcmtk as a second oracle for the encoder: for every term of {@link SpecificCharacterSetTest#terms()}
 * our bytes go, with the (0008,0005), into a small dataset that {@code dcmdump +U8} converts to UTF-8;
 * it must show the original text. Terms dcmtk 3.6.7 cannot convert are left out of this oracle (not
 * skipped): with glibc iconv it lacks JIS X 0208/0212 and ISO_IR 203, and it refuses a single-valued
 * "ISO 2022 IR n". pydicom checks those ({@link PydicomCrossCheckTest}). Everything is skipped only
 * when dcmdump is absent.
 */
class DcmtkCrossCheckTest {
    private static final Path DCMDUMP = Path.of("/usr/bin/dcmdump");

    @TempDir
    Path tmp;

    static Stream<org.junit.jupiter.params.provider.Arguments> terms() {
        return SpecificCharacterSetTest.terms().filter(a -> dcmtkConverts((String) a.get()[0]));
    }

    /** Whether dcmtk 3.6.7 (glibc iconv) can convert {@code term} at all (see the class comment). */
    static boolean dcmtkConverts(String term) {
        boolean singleIso2022 = term.startsWith("ISO 2022") && !term.contains("\\");
        return !singleIso2022 && !term.contains("203") && !term.contains("IR 87") && !term.contains("IR 159");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void dcmtkReadsWhatWeWrite(String term, String text, String outsider) throws Exception {
        assumeTrue(Files.isExecutable(DCMDUMP), "no dcmdump");
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        ByteArrayOutputStream ds = new ByteArrayOutputStream();
        element(ds, 0x0008, 0x0005, "CS", String.join("\\", cs.terms()).getBytes(StandardCharsets.US_ASCII));
        element(ds, 0x0008, 0x1030, "LO", cs.encode(text, VR.LO));
        element(ds, 0x0010, 0x0010, "PN", cs.encode(text, VR.PN));
        Path file = tmp.resolve("t.dcm");
        Files.write(file, ds.toByteArray());

        Process p = new ProcessBuilder(DCMDUMP.toString(), "-q", "+U8", "-f", "-te", "+L", file.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dcmdump hung");
        assertEquals(0, p.exitValue(), out);
        assertEquals(text, valueOf(out, "(0008,1030)"), "LO");
        assertEquals(text, valueOf(out, "(0010,0010)"), "PN");
    }

    /** An explicit VR little endian element with a short length, padded with a space to even length. */
    private static void element(ByteArrayOutputStream out, int group, int elem, String vr, byte[] value) {
        int len = value.length + (value.length & 1);
        out.write(group & 0xFF);
        out.write(group >> 8);
        out.write(elem & 0xFF);
        out.write(elem >> 8);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.write(len & 0xFF);
        out.write(len >> 8);
        out.writeBytes(value);
        if ((value.length & 1) == 1) {
            out.write(' ');
        }
    }

    /** The bracketed value on dcmdump's line for {@code tag}, padding removed. */
    private static String valueOf(String dump, String tag) throws IOException {
        String line = dump.lines().filter(l -> l.startsWith(tag)).findFirst()
            .orElseThrow(() -> new IOException(tag + " missing from dcmdump output"));
        String v = line.substring(line.indexOf('[') + 1, line.lastIndexOf(']'));
        return v.stripTrailing();
    }
}
