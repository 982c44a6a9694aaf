package org.mip.dicom.text;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mip.dicom.VR;
import org.mip.dicom.text.PydicomOracle.Element;
import org.mip.testing.Samples;

/**
 * pydicom as oracle on real files: every text element (SH, LO, ST, LT, PN, UC, UT) at every depth,
 * decoded under the (0008,0005) in force there (a sequence item's own, else the inherited one), must
 * read as pydicom reads it; re-encoding it must decode to the same string, here and in pydicom.
 */
class PydicomCrossCheckTest {

    /** The charset samples of the shared folder (David Clunie's, via pydicom's test data). */
    private static final List<String> SAMPLES =
        List.of("chrFren.dcm", "chrH31.dcm", "chrI2.dcm", "chrX1.dcm", "chrX2.dcm", "chrSQEncoding.dcm");

    @Test
    void sampleFilesDecodeAsPydicomDecodesThem() {
        List<Path> files = SAMPLES.stream().map(Samples::get).toList();
        PydicomOracle pydicom = PydicomOracle.require();

        List<Element> elements = pydicom.dump(files);
        check(pydicom, elements);

        // Each file contributes, with its non-ASCII patient name; chrSQEncoding's item is read under
        // the item's own ISO 2022 IR 13\ISO 2022 IR 87, not the dataset's ISO_IR 192.
        Set<String> seen = elements.stream().map(e -> Path.of(e.file()).getFileName().toString())
            .collect(Collectors.toSet());
        assertEquals(Set.copyOf(SAMPLES), seen);
        assertTrue(elements.stream().anyMatch(e -> e.path().equals("00321064[0]/00100010")
            && e.terms().equals(List.of("ISO 2022 IR 13", "ISO 2022 IR 87"))
            && e.values().equals(List.of("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"))));
        assertTrue(elements.stream().anyMatch(e -> e.file().endsWith("chrI2.dcm") && e.path().equals("00100010")
            && e.values().equals(List.of("Hong^Gildong=洪^吉洞=홍^길동"))));
    }

    /** The other chr*.dcm that pydicom ships (Arabic, German, Greek, Hebrew, Russian, H32, multi-valued...). */
    @Test
    void pydicomsOwnCharsetFilesDecodeAsPydicomDecodesThem() {
        PydicomOracle pydicom = PydicomOracle.require();
        List<Path> files = pydicom.bundledCharsetFiles();
        assumeTrue(!files.isEmpty(), "pydicom ships no charset files here");
        List<Element> elements = pydicom.dump(files);
        check(pydicom, elements);
        assertTrue(elements.size() > 50, "too few elements: " + elements.size());
    }

    /**
     * pydicom reads what we write for every term of {@link SpecificCharacterSetTest#terms()}, as PN and
     * LO. Left out, as pydicom 2.3.1 gets them wrong: IR 203 (unknown to it) and IR 58 (it leaves
     * ESC $ ) A in the decoded string).
     */
    @Test
    void pydicomReadsOurEncodingOfEveryTerm() {
        PydicomOracle pydicom = PydicomOracle.require();
        List<List<String>> terms = new ArrayList<>();
        List<VR> vrs = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        SpecificCharacterSetTest.terms().map(a -> a.get()).forEach(args -> {
            String term = (String) args[0];
            if (term.endsWith("IR 203") || term.endsWith("IR 58")) {
                return;
            }
            SpecificCharacterSet cs = SpecificCharacterSet.of(term);
            for (VR vr : new VR[] {VR.PN, VR.LO}) {
                terms.add(cs.terms());
                vrs.add(vr);
                texts.add((String) args[1]);
                encoded.add(cs.encode((String) args[1], vr));
            }
        });
        List<List<String>> back = pydicom.decode(terms, vrs, encoded);
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<String> expected = PydicomOracle.presentedAsPydicom(texts.get(i), vrs.get(i));
            String what = terms.get(i) + " " + vrs.get(i);
            List<String> actual = back.get(i);
            checks.add(() -> assertEquals(expected, actual, what));
        }
        assertTrue(texts.size() > 60);
        assertAll(checks);
    }

    private static void check(PydicomOracle pydicom, List<Element> elements) {
        assertTrue(elements.stream().anyMatch(e -> hasHighBytes(e.raw())), "no non-ASCII value at all");
        List<Executable> checks = new ArrayList<>();
        List<List<String>> terms = new ArrayList<>();
        List<VR> vrs = new ArrayList<>();
        List<byte[]> reencoded = new ArrayList<>();
        for (Element e : elements) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(e.terms().toArray(String[]::new));
            String decoded = cs.decode(e.raw(), e.vr());
            byte[] encoded = cs.encode(decoded, e.vr());
            checks.add(() -> assertEquals(e.values(), PydicomOracle.presentedAsPydicom(decoded, e.vr()),
                "decode " + e));
            checks.add(() -> assertTrue(cs.canEncode(decoded), "canEncode " + e));
            checks.add(() -> assertEquals(decoded, cs.decode(encoded, e.vr()), "decode(encode()) " + e));
            terms.add(e.terms());
            vrs.add(e.vr());
            reencoded.add(encoded);
        }
        List<List<String>> pydicomOfOurs = pydicom.decode(terms, vrs, reencoded);
        assertEquals(elements.size(), pydicomOfOurs.size());
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            List<String> back = pydicomOfOurs.get(i);
            checks.add(() -> assertEquals(e.values(), back, "pydicom reading our encoding of " + e));
        }
        assertAll(checks);
    }

    private static boolean hasHighBytes(byte[] b) {
        for (byte x : b) {
            if (x < 0 || x == 0x1B) {
                return true;
            }
        }
        return false;
    }
}
