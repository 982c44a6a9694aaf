package org.mip.dicom.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.ReadOptions;
import org.mip.testing.Samples;

class DicomSummaryTest {

    private static Path sample(String name) {
        return Samples.get(name);
    }

    @Test
    void nativeImage() throws Exception {
        try (DicomFile f = DicomReader.read(sample("MR_small.dcm"), ReadOptions.DEFAULT)) {
            DicomSummary s = DicomSummary.from(f);
            assertEquals("4MR1", s.patientId());
            assertEquals("CompressedSamples^MR1", s.patientName());
            assertEquals("1.2.840.10008.5.1.4.1.1.4", s.sopClassUid());
            assertEquals("1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457", s.sopInstanceUid());
            assertEquals("1.3.6.1.4.1.5962.1.2.4.20040826185059.5457", s.studyInstanceUid());
            assertEquals("1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457", s.seriesInstanceUid());
            assertEquals("MR", s.modality());
            assertEquals("1.2.840.10008.1.2.1", s.transferSyntaxUid());
            assertFalse(s.transferSyntaxDetected());
            assertEquals(64, s.rows());
            assertEquals(64, s.columns());
            assertEquals(1, s.frames());
            assertEquals(1, s.samplesPerPixel());
            assertEquals(16, s.bitsAllocated());
            assertEquals("MONOCHROME2", s.photometricInterpretation());
            assertEquals(9830, s.fileSize());
            assertEquals(64 * 64 * 2, s.pixelDataSize());
            assertFalse(s.encapsulated());
        }
    }

    @Test
    void encapsulatedMultiFrame() throws Exception {
        try (DicomFile f = DicomReader.read(sample("SC_rgb_rle_2frame.dcm"), ReadOptions.DEFAULT)) {
            DicomSummary s = DicomSummary.from(f);
            assertEquals(2, s.frames());
            assertEquals(3, s.samplesPerPixel());
            assertEquals("1.2.840.10008.1.2.5", s.transferSyntaxUid());
            assertTrue(s.encapsulated());
            assertEquals(8 + 664 + 664, s.pixelDataSize()); // offset table and two fragments
        }
    }

    @Test
    void bareDataSetAndInvalidNumberOfFrames() throws Exception {
        try (DicomFile f = DicomReader.read(sample("rtstruct.dcm"), ReadOptions.DEFAULT)) {
            DicomSummary s = DicomSummary.from(f);
            assertTrue(s.transferSyntaxDetected());
            assertEquals("1.2.840.10008.1.2", s.transferSyntaxUid());
            assertNull(s.rows());
            assertNull(s.frames());
            assertEquals(-1, s.pixelDataSize());
        }
        try (DicomFile f = DicomReader.read(sample("badVR.dcm"), ReadOptions.DEFAULT)) {
            assertNull(DicomSummary.from(f).frames(), "Number of Frames \"1A\" is not a number");
        }
    }

    @Test
    void jsonForm() throws Exception {
        try (DicomFile f = DicomReader.read(sample("CT_small.dcm"), ReadOptions.DEFAULT)) {
            DicomSummary s = DicomSummary.from(f);
            JsonNode j = new ObjectMapper().readTree(s.toJson());
            assertEquals("CT", j.get("modality").asText());
            assertEquals(s.sopInstanceUid(), j.get("sopInstanceUid").asText());
            assertEquals(128, j.get("rows").asInt());
            assertEquals(s.fileSize(), j.get("fileSize").asLong());
            assertEquals(18, j.size(), "one key per record component");
        }
    }
}
