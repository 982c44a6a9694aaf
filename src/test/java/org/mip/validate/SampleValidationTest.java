package org.mip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.validate.FindingCode.INVALID_UID;
import static org.mip.validate.FindingCode.INVALID_VALUE;
import static org.mip.validate.FindingCode.MISSING_ATTRIBUTE;
import static org.mip.validate.FindingCode.MISSING_TRANSFER_SYNTAX;
import static org.mip.validate.FindingCode.TRUNCATED;
import static org.mip.validate.FindingCode.UNREADABLE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mip.dicom.DicomException;
import org.mip.testing.Samples;

/** The verdict on every sample file: the exact set of finding codes (none = valid). */
class SampleValidationTest {

    /** file → codes of its findings; every sample must be listed here. */
    private static final Map<String, Set<FindingCode>> EXPECTED = new HashMap<>();
    /** Parse failures carry the codec's reason. */
    private static final Map<String, DicomException.Reason> REASONS = Map.of(
            "MR_truncated.dcm", DicomException.Reason.TRUNCATED,
            "rtplan_truncated.dcm", DicomException.Reason.TRUNCATED,
            "no_meta.dcm", DicomException.Reason.NOT_DICOM);

    private static void expect(Set<FindingCode> codes, String... files) {
        for (String f : files) {
            EXPECTED.put(f, codes);
        }
    }

    static {
        expect(Set.of(), "CT_small.dcm", "JPEG2000-embedded-sequence-delimiter.dcm", "JPEG2000.dcm", "JPGExtended.dcm",
                "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
                "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_gdcm.dcm",
                "SC_rgb_rle_2frame.dcm", "chrFren.dcm", "chrH31.dcm", "chrI2.dcm", "chrX1.dcm", "chrX2.dcm",
                "examples_overlay.dcm", "examples_ybr_color.dcm", "explicit_VR-UN.dcm", "image_dfl.dcm", "liver_1frame.dcm",
                "reportsi.dcm", "rtplan.dcm", "test-SR.dcm", "waveform_ecg.dcm",
                // Bare data sets: no File Meta Information, encoding recognised from the first element.
                "ExplVR_BigEndNoMeta.dcm", "ExplVR_LitEndNoMeta.dcm", "rtstruct.dcm");
        // The file ends inside Pixel Data / inside nested sequences.
        expect(Set.of(TRUNCATED), "MR_truncated.dcm", "rtplan_truncated.dcm");
        // A stray byte before the data set: nothing recognisable as DICOM.
        expect(Set.of(UNREADABLE), "no_meta.dcm");
        // Meta group without (0002,0010); a minimal body without SOP/study/series/modality nor pixel description.
        expect(Set.of(MISSING_TRANSFER_SYNTAX, MISSING_ATTRIBUTE), "meta_missing_tsyntax.dcm");
        // DICOMDIR has no SOP Class/Instance UID in its data set, nor study/series/modality; the other
        // files are minimal constructed data sets without them.
        expect(Set.of(MISSING_ATTRIBUTE), "DICOMDIR", "JPEGLSNearLossless_08.dcm", "UN_sequence.dcm", "chrSQEncoding.dcm",
                "empty_charset_LEI.dcm", "nested_priv_SQ.dcm", "no_meta_group_length.dcm", "priv_SQ.dcm");
        // Number of Frames "1A"; and, like rtdose.dcm it comes from, a referenced RT Plan UID
        // 1.2.123.456.78.9.0123... whose component 7 has a leading zero.
        expect(Set.of(INVALID_VALUE, INVALID_UID), "badVR.dcm");
        expect(Set.of(INVALID_UID), "rtdose.dcm");
        // SOP Instance, Study and Series Instance UIDs are 64 hexadecimal digits (an anonymiser's hashes).
        expect(Set.of(INVALID_UID), "bad_sequence.dcm");
    }

    private static Path samples() {
        return Samples.dir();
    }

    private static Set<String> sampleNames(Path samples) throws IOException {
        try (Stream<Path> s = Files.list(samples)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".md")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everySampleHasAnExpectedVerdict() throws IOException {
        assertEquals(new TreeSet<>(EXPECTED.keySet()), sampleNames(samples()));
    }

    @TestFactory
    Stream<DynamicTest> verdicts() throws IOException {
        Path samples = samples();
        Validator validator = new Validator(ValidationPolicy.PERMISSIVE);
        return sampleNames(samples).stream().filter(EXPECTED::containsKey).map(name -> DynamicTest.dynamicTest(name, () -> {
            ValidationResult r = validator.validate(samples.resolve(name));
            Set<FindingCode> codes = r.findings().stream().map(Finding::code)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(FindingCode.class)));
            assertEquals(EXPECTED.get(name), codes, name + ": " + r.summary());
            assertEquals(codes.isEmpty(), r.valid());
            for (Finding f : r.findings()) {
                if (REASONS.containsKey(name)) {
                    assertEquals(REASONS.get(name), f.reason(), f.toString());
                }
                if (f.tag() != null) {
                    assertTrue(f.message().startsWith(Finding.label(f.tag()) + ": "), "names the element: " + f);
                }
            }
        }));
    }

    @Test
    void badVrMessageNamesTheElementNotTheValue() {
        ValidationResult r = new Validator(ValidationPolicy.PERMISSIVE).validate(samples().resolve("badVR.dcm"));
        Finding f = r.findings().stream().filter(x -> x.code() == INVALID_VALUE).findFirst().orElseThrow();
        assertEquals("INVALID_VALUE (0028,0008) NumberOfFrames: value is not an integer string (IS): "
                + "character 2 of 2 is not allowed", f.toString());
        assertFalse(f.message().contains("1A"));
    }

    @Test
    void dicomdirListsEachMissingAttribute() {
        ValidationResult r = new Validator(ValidationPolicy.PERMISSIVE).validate(samples().resolve("DICOMDIR"));
        assertEquals("MISSING_ATTRIBUTE (0008,0016) SOPClassUID: required, but absent; "
                + "MISSING_ATTRIBUTE (0008,0018) SOPInstanceUID: required, but absent; "
                + "MISSING_ATTRIBUTE (0020,000D) StudyInstanceUID: required, but absent; "
                + "MISSING_ATTRIBUTE (0020,000E) SeriesInstanceUID: required, but absent; "
                + "MISSING_ATTRIBUTE (0008,0060) Modality: required, but absent", r.summary());
    }

    @Test
    void patientNamesNeverReachMessages() throws IOException {
        Path samples = samples();
        Validator validator = new Validator(ValidationPolicy.PERMISSIVE.withAllowedModalities(Set.of("XX")));
        for (String name : sampleNames(samples)) {
            for (Finding f : validator.validate(samples.resolve(name)).findings()) {
                for (String phi : new String[] {"CompressedSamples", "Jérôme", "Yamada", "Tarou", "Hong^", "Wang^"}) {
                    assertFalse(f.message().contains(phi), name + ": " + f);
                }
            }
        }
    }
}
