package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/** The lossy history of PS3.3 C.7.6.1.1.5: one Ratio and one Method per lossy step, in order. */
class LossyMarksTest {

    private static void assertHistory(Dataset ds, List<String> ratios, List<String> methods) {
        assertEquals("01", ds.getString(LossyMarks.LOSSY_IMAGE_COMPRESSION));
        assertEquals(ratios, ds.getStrings(LossyMarks.LOSSY_IMAGE_COMPRESSION_RATIO));
        assertEquals(methods, ds.getStrings(LossyMarks.LOSSY_IMAGE_COMPRESSION_METHOD));
    }

    @Test
    void aLossyInputWithoutAHistoryGetsItsStep() {
        Dataset ds = new Dataset();
        LossyMarks.recordSource(ds, "ISO_15444_1", 12.0);
        assertHistory(ds, List.of("12.00"), List.of("ISO_15444_1"));
    }

    @Test
    void theEncodersOwnRecordStands() {
        Dataset ds = new Dataset();
        ds.setString(LossyMarks.LOSSY_IMAGE_COMPRESSION_RATIO, VR.DS, "10");
        ds.setString(LossyMarks.LOSSY_IMAGE_COMPRESSION_METHOD, VR.CS, "ISO_10918_1");
        LossyMarks.recordSource(ds, "ISO_10918_1", 9.7);
        assertHistory(ds, List.of("10"), List.of("ISO_10918_1"));
    }

    /**
     * gdcmconv --lossy writes Lossy Image Compression 01 and its Ratio, no Method: that ratio is the
     * input's own step. A probe (2026-12-07) found the output saying Method ['', 'ISO_15444_1'] and
     * Ratio [12.0078, 12.01], two lossy steps where there was one.
     */
    @Test
    void aRatioWithoutAMethodIsTheInputsOwnStep() {
        Dataset ds = new Dataset();
        ds.setString(LossyMarks.LOSSY_IMAGE_COMPRESSION, VR.CS, "01");
        ds.setString(LossyMarks.LOSSY_IMAGE_COMPRESSION_RATIO, VR.DS, "12.0078");
        LossyMarks.recordSource(ds, "ISO_15444_1", 12.01);
        assertHistory(ds, List.of("12.0078"), List.of("ISO_15444_1"));
        // two earlier steps recorded by ratio only: the last is the input's
        Dataset two = new Dataset();
        two.setStrings(LossyMarks.LOSSY_IMAGE_COMPRESSION_RATIO, VR.DS, List.of("5", "12"));
        LossyMarks.recordSource(two, "ISO_14495_1", 12.0);
        assertHistory(two, List.of("5", "12"), List.of("", "ISO_14495_1"));
    }
}
