package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.testing.Pydicom;

class UidPolicyTest {

    /** Every UID of the DICOM registry (pydicom's copy of PS3.6 Annex A) is well known. */
    @Test
    void everyRegisteredUidIsWellKnown() throws Exception {
        List<String> uids = Pydicom.run(String.join("\n",
                "from pydicom._uid_dict import UID_dictionary",
                "for k in UID_dictionary: print(k)"));
        assertTrue(uids.size() > 400, "" + uids.size());
        for (String uid : uids) {
            assertTrue(UidPolicy.isWellKnown(uid), uid);
        }
    }

    @Test
    void onlyRegistryShapedUidsUnderTheDicomRootAreWellKnown() {
        assertTrue(UidPolicy.isWellKnown("1.2.840.10008.1.2.1"));
        assertTrue(UidPolicy.isWellKnown("1.2.840.10008.1.4.1.1"));
        assertFalse(UidPolicy.isWellKnown("1.2.840.10008.8675309123.19710203"), "an MRN and a birth date under the root");
        assertFalse(UidPolicy.isWellKnown("1.2.840.10008.JOHN.DOE"));
        assertFalse(UidPolicy.isWellKnown("1.2.840.10008.1.2/../../x"));
        assertFalse(UidPolicy.isWellKnown("1.2.840.10008.01.2"));
        assertFalse(UidPolicy.isWellKnown("1.2.840.10008."));
        assertFalse(UidPolicy.isWellKnown("1.2.840.113619.2.55"));
    }

    /**
     * An instance UID a non-conformant system made under the DICOM root, embedding the MRN and the
     * birth date, was kept as "well known"; so was anything else after "1.2.840.10008.", names
     * included. Registered UIDs (a well-known frame of reference, a palette) still stay.
     */
    @Test
    void instanceUidsMisusingTheDicomRootAreReplaced() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        set(ds, "SOPInstanceUID", "1.2.840.10008.8675309123.19710203.1");
        set(ds, "StudyInstanceUID", "1.2.840.10008.JOHN.DOE");
        set(ds, "FrameOfReferenceUID", "1.2.840.10008.1.4.1.1");
        Dataset palette = item(ds);
        set(palette, "ReferencedSOPClassUID", "1.2.840.10008.5.1.4.39.1");
        set(palette, "ReferencedSOPInstanceUID", "1.2.840.10008.1.5.1");
        seq(ds, "SourceImageSequence", palette);
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(DeidKit.profile().build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        String out = new String(r.output(), StandardCharsets.ISO_8859_1);
        assertFalse(out.contains("8675309123"));
        assertFalse(out.contains("JOHN"));
        try (DicomFile f = r.reread()) {
            Dataset o = f.dataset();
            assertTrue(o.getString(tag("SOPInstanceUID")).startsWith("2.25."));
            assertTrue(o.getString(tag("StudyInstanceUID")).startsWith("2.25."));
            assertEquals("1.2.840.10008.1.4.1.1", o.getString(tag("FrameOfReferenceUID")));
            Dataset item = ((org.mip.dicom.data.SequenceElement) o.get(tag("SourceImageSequence"))).items().get(0);
            assertEquals("1.2.840.10008.1.5.1", item.getString(tag("ReferencedSOPInstanceUID")));
        }
    }

    /** Under Retain UIDs an input's UIDs go into the object key: a hostile one must not add path segments. */
    @Test
    void objectKeySegmentsAreSafe() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        set(ds, "StudyInstanceUID", "1.2.3/../../other");
        ds.setString(tag("SeriesInstanceUID"), VR.UI, "..");
        DeidKit.Run r = DeidKit.run(DeidKit.deidentifier(DeidKit.profile(DeidOption.RETAIN_UIDS).build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        String key = r.result().objectKey();
        assertEquals(4, key.split("/").length, key);
        for (String segment : key.split("/")) {
            assertNotEquals("..", segment, key);
            assertNotEquals(".", segment, key);
            assertFalse(segment.isEmpty(), key);
        }
        assertTrue(key.endsWith(".dcm"), key);
    }
}
