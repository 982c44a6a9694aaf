package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mip.deid.profile.AttributeOverride.Action;
import org.mip.deid.profile.Profile;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * What the engine does when a profile or an input does not fit: it must fail closed (remove),
 * never keep an identifying value because an action could not be applied.
 */
class FailClosedTest {

    static DeidKit.Run run(Profile profile, Dataset ds) throws Exception {
        return DeidKit.run(DeidKit.deidentifier(profile), DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    static String text(DeidKit.Run r) {
        return new String(r.output(), StandardCharsets.ISO_8859_1);
    }

    /**
     * An override that cannot apply to the element it names (shift a date that is no DA/DT,
     * pseudonymise or set a constant on a sequence) left the original value in place, or wrote a
     * text value with VR SQ. A misfit removes the element instead.
     */
    @Test
    void overridesThatDoNotFitRemoveTheElement() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        set(ds, "PatientBirthDateInAlternativeCalendar", "BIRTHDAY-1391-11-14");
        set(ds, "PatientComments", "JANE DOE born 1971");
        Dataset other = item(ds);
        set(other, "PatientID", "OTHER-MRN-77");
        seq(ds, "OtherPatientIDsSequence", other);
        Dataset refStudy = item(ds);
        set(refStudy, "ReferencedSOPInstanceUID", "1.2.3.4.77");
        seq(ds, "ReferencedStudySequence", refStudy);
        Profile p = DeidKit.profile()
                .override("PatientBirthDateInAlternativeCalendar", Action.SHIFT_DATE, null)
                .override("PatientComments", Action.SHIFT_DATE, null)
                .override("OtherPatientIDsSequence", Action.PSEUDONYMISE, null)
                .override("ReferencedStudySequence", Action.CONSTANT, "X")
                .override("Rows", Action.CONSTANT, "12")
                .build();
        DeidKit.Run r = run(p, ds);
        String out = text(r);
        for (String s : new String[] {"BIRTHDAY-1391", "JANE DOE", "OTHER-MRN-77", "1.2.3.4.77"}) {
            assertFalse(out.contains(s), s + " left by an override that did not fit");
        }
        try (DicomFile f = r.reread()) {
            assertNull(f.dataset().get(tag("PatientBirthDateInAlternativeCalendar")));
            assertNull(f.dataset().get(tag("OtherPatientIDsSequence")));
            assertNull(f.dataset().get(tag("ReferencedStudySequence")));
        }
    }

    @Test
    void shiftDateOnATimeKeepsTheTime() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        set(ds, "StudyTime", "101112");
        DeidKit.Run r = run(DeidKit.profile().override("StudyTime", Action.SHIFT_DATE, null).build(), ds);
        try (DicomFile f = r.reread()) {
            assertEquals("101112", f.dataset().getString(tag("StudyTime")), "whole-day shifts leave times of day");
        }
        assertTrue(text(r).contains("101112"));
    }

    /**
     * A long text written as UN (a system that did not know the VR) is held by reference, not in
     * memory, once it passes the bulk threshold: UN resolution skipped it and Clean Structured
     * Content, which cleans only in-memory values, kept a whole SR report verbatim.
     */
    @Test
    void longTextHiddenInUnIsCleanedOrRemoved() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        Dataset text = item(ds);
        set(text, "RelationshipType", "CONTAINS");
        set(text, "ValueType", "TEXT");
        String report = "Findings for JANE DOE: " + "nodule stable. ".repeat(2000);
        byte[] bytes = report.getBytes(StandardCharsets.US_ASCII);
        if ((bytes.length & 1) == 1) {
            bytes = (report + " ").getBytes(StandardCharsets.US_ASCII);
        }
        DeidKit.bytes(text, tag("TextValue"), org.mip.dicom.VR.UN, bytes);
        seq(ds, "ContentSequence", text);
        Profile csc = DeidKit.profile(DeidOption.CLEAN_STRUCTURED_CONTENT).build();
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(csc, DeidKit.KEY, java.util.List.of("JANE DOE")),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertFalse(text(r).contains("JANE DOE"), "the name in a long UN text");
        try (DicomFile f = r.reread()) {
            Dataset item = ((org.mip.dicom.data.SequenceElement) f.dataset().get(tag("ContentSequence"))).items().get(0);
            assertTrue(item.getText(tag("TextValue")).startsWith("Findings for :"), "cleaned, and kept as UT");
        }
        assertFalse(text(run(DeidKit.profile().build(), ds)).contains("JANE DOE"));
    }

    /**
     * A text value over TextScrubber.MAX_CLEANED_BYTES is not cleaned but replaced by the dummy: cleaning
     * took about 5 µs and 30 bytes of heap a character, so a 60 MB Unformatted Text Value ran out of
     * memory in a 512 MiB heap (and took 163 s in 2 GB). One just under the limit is cleaned as before.
     */
    @Test
    void textTooLongToCleanIsReplacedWhole() throws Exception {
        int limit = TextScrubber.MAX_CLEANED_BYTES;
        for (int length : new int[] {limit + 2, limit}) {
            Dataset ds = BasicProfileGapsTest.minimal();
            byte[] text = ("x".repeat(length - 9) + " JANE DOE").getBytes(StandardCharsets.US_ASCII);
            DeidKit.bytes(ds, 0x00700006, org.mip.dicom.VR.UT, text); // Unformatted Text Value: cleaned in every profile
            java.util.List<Integer> cleaned = new java.util.ArrayList<>();
            TextScrubber recording = (t, vr) -> {
                cleaned.add(t.length());
                return t.replace("JANE DOE", "");
            };
            Profile basic = DeidKit.profile().build();
            Deidentifier deid = new Deidentifier(basic, new org.mip.deid.pseudo.Pseudonymizer(DeidKit.KEY, basic.uidRoot()),
                    d -> recording, DeidKit.PIXELS, "test-1");
            DeidKit.Run r = DeidKit.run(deid, DeidKit.write(DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            assertFalse(text(r).contains("JANE DOE"), length + " bytes");
            try (DicomFile f = r.reread()) {
                String out = f.dataset().getText(0x00700006);
                if (length > limit) {
                    assertEquals("ANONYMIZED", out.length() > 40 ? out.substring(0, 40) + "... (" + out.length() + ")" : out,
                            "over the limit: the dummy");
                    assertFalse(cleaned.contains(length), "never given to the cleaner: " + cleaned);
                    assertEquals(0, r.result().stats().textsCleaned());
                } else {
                    assertEquals(length - 9, out.length(), "at the limit: cleaned");
                    assertTrue(cleaned.contains(length), "given to the cleaner: " + cleaned);
                }
            }
        }
    }

    /**
     * An overlay whose data goes leaves its other attributes behind; the whole group was removed
     * at the top level only, so an overlay's description or label inside a sequence item stayed.
     */
    @Test
    void overlayAttributesGoWithTheirDataAtEveryDepth() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        Dataset nested = item(ds);
        set(nested, "CodeValue", "1");
        nested.setString(0x60020022, org.mip.dicom.VR.LO, "OVERLAY OF JANE DOE");
        nested.setString(0x60021500, org.mip.dicom.VR.LO, "LABEL JANE DOE");
        DeidKit.bytes(nested, 0x60023000, org.mip.dicom.VR.OW, new byte[16]);
        seq(ds, "DerivationCodeSequence", nested);
        DeidKit.Run r = run(DeidKit.profile().build(), ds);
        assertFalse(text(r).contains("JANE DOE"));
    }

    /**
     * A sequence written as UN whose value the reader cannot parse as items (here: items in big
     * endian, against PS3.5 §6.2.2) stays an opaque UN value. Kept as it was, whatever it holds
     * went out unseen; it cannot be de-identified, so it is removed.
     */
    @Test
    void aSequenceThatCannotBeParsedIsRemoved() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
        byte[] name = "JANE DOE".getBytes(StandardCharsets.US_ASCII);
        v.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xE0, 0x00, 0, 0, 0, (byte) (8 + name.length)});
        v.writeBytes(new byte[] {0x00, 0x10, 0x00, 0x10, 0, 0, 0, (byte) name.length});
        v.writeBytes(name);
        DeidKit.bytes(ds, tag("DerivationCodeSequence"), org.mip.dicom.VR.UN, v.toByteArray());
        DeidKit.Run r = run(DeidKit.profile().build(), ds);
        assertFalse(text(r).contains("JANE DOE"));
        try (DicomFile f = r.reread()) {
            assertNull(f.dataset().get(tag("DerivationCodeSequence")));
        }
    }
}
