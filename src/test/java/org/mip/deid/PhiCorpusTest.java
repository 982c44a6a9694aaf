package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.testing.Pydicom;
import org.mip.testing.Tools;

/**
 * The PHI corpus through the Basic profile, in every native transfer syntax and three character
 * sets: not one planted string survives anywhere in the output bytes (inflated, for Deflated), the
 * pixel data is byte-identical, and the markers say what was done.
 */
class PhiCorpusTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            for (PhiCorpus.Charset cs : PhiCorpus.Charset.values()) {
                out.add(Arguments.of(ts.name(), ts, cs));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("variants")
    void basicProfileLeavesNoPlantedString(String name, TransferSyntax ts, PhiCorpus.Charset cs) throws Exception {
        PhiCorpus corpus = new PhiCorpus(ts, cs);
        byte[] input = DeidKit.write(corpus.build());
        byte[] plainInput = DeidKit.plain(input);
        for (String marker : corpus.markers().keySet()) {
            assertTrue(found(corpus, plainInput, marker), "corpus bug: " + marker + " not found in the input");
        }

        DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(DeidKit.profile().build()), input);
        assertEquals(List.of(), leaks(corpus, run.output()), "planted PHI left in the output");

        try (DicomFile out = run.reread()) {
            assertEquals(ts.uid(), out.transferSyntax().uid(), "transfer syntax kept");
            Dataset ds = out.dataset();
            assertMarkers(out, Set.of(), "REMOVED");
            assertArrayEquals(corpus.pixelData(), pixelBytes(ds), "pixel data byte-identical");
            assertNull(ds.get(tag("PatientAge")));
            assertNull(ds.get(tag("PatientSize")));
            assertNull(ds.get(tag("PatientWeight")));
            assertNull(ds.getString(tag("PatientSex")), "Patient's Sex emptied");
            assertTrue(ds.getString(tag("PatientID")).matches("PAT-[A-Z2-7]{12}"), ds.getString(tag("PatientID")));
            assertTrue(ds.getText(tag("PatientName")).matches("ANON\\^[A-Z2-7]{8}"), ds.getText(tag("PatientName")));
            assertEquals(run.result().patientPseudonym(), ds.getString(tag("PatientID")));
            assertNoPrivateOrOddGroups(ds);
            for (int g = 0x6000; g <= 0x601E; g += 2) {
                final int group = g;
                assertFalse(ds.elements().stream().anyMatch(e -> Tag.group(e.tag()) == group), "overlay group left");
            }
        }
    }

    /**
     * The same corpus through Modified Dates and every Clean option (nothing retained), with the
     * stand-in cleaner knowing the planted strings: free text is kept but cleaned, structure kept,
     * dates shifted; still no planted string in the output.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("variants")
    void cleanOptionsLeaveNoPlantedString(String name, TransferSyntax ts, PhiCorpus.Charset cs) throws Exception {
        PhiCorpus corpus = new PhiCorpus(ts, cs);
        byte[] input = DeidKit.write(corpus.build());
        Set<DeidOption> options = Set.of(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, DeidOption.CLEAN_DESCRIPTORS,
                DeidOption.CLEAN_STRUCTURED_CONTENT, DeidOption.CLEAN_GRAPHICS);
        Deidentifier deid = DeidKit.deidentifier(DeidKit.profile(options.toArray(DeidOption[]::new)).build(), DeidKit.KEY,
                corpus.markers().keySet());
        DeidKit.Run run = DeidKit.run(deid, input);
        assertEquals(List.of(), leaks(corpus, run.output()), "planted PHI left in the output");
        try (DicomFile out = run.reread()) {
            assertMarkers(out, options, "MODIFIED");
            assertArrayEquals(corpus.pixelData(), pixelBytes(out.dataset()));
            assertEquals(2, ((SequenceElement) out.dataset().get(tag("ContentSequence"))).items().size(), "SR structure kept");
        }
    }

    /** The planted strings found in {@code output} (inflated first when deflated), with where they were planted. */
    private static List<String> leaks(PhiCorpus corpus, byte[] output) throws Exception {
        byte[] plain = DeidKit.plain(output);
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> m : corpus.markers().entrySet()) {
            if (found(corpus, plain, m.getKey())) {
                leaks.add(m.getKey() + " (" + m.getValue() + ")");
            }
        }
        return leaks;
    }

    private static boolean found(PhiCorpus corpus, byte[] hay, String marker) {
        for (byte[] form : corpus.encodings(marker)) {
            if (DeidKit.indexOf(hay, form) >= 0) {
                return true;
            }
        }
        return false;
    }

    static byte[] pixelBytes(Dataset ds) throws java.io.IOException {
        Element e = ds.get(Tag.PIXEL_DATA);
        if (e instanceof BulkElement b) {
            return b.data().readAll();
        }
        return ((ValueElement) e).bytes();
    }

    private static void assertNoPrivateOrOddGroups(Dataset ds) {
        for (Element e : ds) {
            assertTrue((Tag.group(e.tag()) & 1) == 0, "odd group element left: " + Tag.toString(e.tag()));
            assertTrue(Tag.group(e.tag()) != 0x0000 && Tag.group(e.tag()) != 0x0002,
                    "command/meta element left in the data set: " + Tag.toString(e.tag()));
            if (e instanceof SequenceElement s) {
                for (Dataset item : s.items()) {
                    assertNoPrivateOrOddGroups(item);
                }
            }
        }
    }

    /**
     * Patient Identity Removed, De-identification Method and its codes (113100 then one per option),
     * Longitudinal Temporal Information Modified, a de-identifying Contributing Equipment item, a
     * fresh meta naming the new SOP instance, a zeroed preamble.
     */
    static void assertMarkers(DicomFile out, Set<DeidOption> options, String temporal) {
        Dataset ds = out.dataset();
        assertEquals("YES", ds.getString(tag("PatientIdentityRemoved")));
        List<String> method = ds.getStrings(tag("DeidentificationMethod"));
        assertFalse(method.isEmpty(), "De-identification Method");
        assertTrue(String.join(" ", method).contains("Basic Profile"), method.toString());
        SequenceElement codes = (SequenceElement) ds.get(tag("DeidentificationMethodCodeSequence"));
        assertNotNull(codes, "De-identification Method Code Sequence");
        List<String> values = new ArrayList<>();
        for (Dataset item : codes.items()) {
            assertEquals("DCM", item.getString(tag("CodingSchemeDesignator")));
            assertNotNull(item.getString(tag("CodeMeaning")));
            values.add(item.getString(tag("CodeValue")));
        }
        assertEquals(DeidOption.BASIC_PROFILE_CODE, values.get(0), "113100 first");
        Set<String> expected = new HashSet<>();
        for (DeidOption o : options) {
            expected.add(o.code());
        }
        assertEquals(expected, new HashSet<>(values.subList(1, values.size())), "one code per applied option");
        assertEquals(values.size(), new HashSet<>(values).size(), "no code twice");
        assertEquals(temporal, ds.getString(tag("LongitudinalTemporalInformationModified")));

        SequenceElement equipment = (SequenceElement) ds.get(tag("ContributingEquipmentSequence"));
        assertNotNull(equipment, "Contributing Equipment Sequence");
        boolean deidentifying = false;
        for (Dataset item : equipment.items()) {
            if (item.get(tag("PurposeOfReferenceCodeSequence")) instanceof SequenceElement p && !p.items().isEmpty()
                    && "109104".equals(p.items().get(0).getString(tag("CodeValue")))
                    && "DCM".equals(p.items().get(0).getString(tag("CodingSchemeDesignator")))) {
                deidentifying = true;
                assertNotNull(item.getString(tag("Manufacturer")));
            }
        }
        assertTrue(deidentifying, "a Contributing Equipment item with purpose 109104");

        Dataset meta = out.meta();
        assertNotNull(meta, "File Meta Information");
        assertEquals(ds.getString(Tag.SOP_INSTANCE_UID), meta.getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID));
        assertEquals(ds.getString(Tag.SOP_CLASS_UID), meta.getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID));
        assertNull(meta.get(tag("SourceApplicationEntityTitle")));
        assertNull(meta.get(tag("PrivateInformation")));
        assertArrayEquals(new byte[128], out.preamble(), "preamble zeroed");
        assertFalse(new String(out.preamble(), StandardCharsets.ISO_8859_1).contains("Z"));
    }

    /** Every de-identified corpus variant reads without error in dcmtk and pydicom. */
    @org.junit.jupiter.api.Test
    void outputsReadInDcmtkAndPydicom(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (Arguments a : variants().toList()) {
            TransferSyntax ts = (TransferSyntax) a.get()[1];
            PhiCorpus.Charset cs = (PhiCorpus.Charset) a.get()[2];
            DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(DeidKit.profile().build()),
                    new PhiCorpus(ts, cs).build());
            files.add(DeidKit.writeTemp(dir, ts.name() + "-" + cs + ".dcm", run.output()));
        }
        List<String> py = Pydicom.read(files);
        assertEquals(files.size(), py.size(), py.toString());
        assertTrue(py.stream().allMatch(l -> l.startsWith("OK ")), String.join("\n", py));
        Tools.requireDcmdump();
        for (java.nio.file.Path f : files) {
            Tools.Result r = Tools.dcmdump(f);
            assertEquals(0, r.exit(), f + ":\n" + r.output());
            assertFalse(r.output().lines().anyMatch(l -> l.startsWith("E:") || l.startsWith("W:")), f + ":\n" + r.output());
        }
    }
}
