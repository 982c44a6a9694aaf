package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import org.junit.jupiter.api.Test;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;

/** Codec problems met while proving the de-identifier, kept as regression tests once fixed. */
class CodecFindingsTest {

    /**
     * An undefined-length sequence written as UN in Explicit VR Big Endian: its items and its
     * Sequence Delimitation Item are Implicit VR Little Endian (PS3.5 §6.2.2). The writer once wrote
     * the delimiter big endian, and the codec could not read back what it wrote.
     */
    @Test
    void undefinedLengthUnSequenceInBigEndianRoundTrips() throws Exception {
        Dataset ds = BasicProfileGapsTest.minimal();
        Dataset hidden = new Dataset(false);
        set(hidden, "CodeValue", "T-D0050");
        DeidKit.seq(ds, tag("ProcedureCodeSequence"), VR.UN, true, hidden);
        Dataset big = new Dataset(true);
        for (var e : ds) {
            big.put(e);
        }
        byte[] bytes = DeidKit.write(DeidKit.file(big, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN));
        try (DicomFile f = DeidKit.read(bytes)) {
            SequenceElement s = (SequenceElement) f.dataset().get(tag("ProcedureCodeSequence"));
            assertEquals("T-D0050", s.items().get(0).getString(tag("CodeValue")));
        }
    }
}
