package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * Pixel Data inside a kept sequence's item (a thumbnail reading "DOE JANE" in a Source Image Sequence
 * item of an ultrasound, found by an adversarial probe, 2026-12-07) was published byte for byte: the
 * scan reads the top level's frames only. It is removed now, at any depth, and the item stays.
 */
class NestedPixelDataTest {
    private static final int SOURCE_IMAGE_SEQUENCE = 0x00082112;
    private static final int REFERENCED_IMAGE_SEQUENCE = 0x00081140;
    private static final int FLOAT_PIXEL_DATA = 0x7FE00008;

    @TempDir
    Path tmp;

    private static void gray8(Dataset ds, int rows, int columns) {
        Synthetic.gray8(ds, 1, rows, columns);
        ds.remove(0x00280008); // not a multi-frame
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, new byte[rows * columns]));
    }

    /** An instance whose sequence {@code sequenceTag} has one item with a 32x32 thumbnail, and one level deeper another. */
    private Path input(String name, String sopClass, String modality, String burnedIn, int sequenceTag) throws Exception {
        Dataset ds = new Dataset();
        Synthetic.identify(ds, sopClass, "2.25.91", modality, burnedIn);
        gray8(ds, 64, 64);
        SequenceElement seq = new SequenceElement(sequenceTag, VR.SQ, false);
        Dataset item = new Dataset();
        item.setString(0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.6.1");
        item.setString(0x00081155, VR.UI, "2.25.94");
        gray8(item, 32, 32);
        SequenceElement deeper = new SequenceElement(SOURCE_IMAGE_SEQUENCE, VR.SQ, false);
        Dataset inner = new Dataset();
        inner.setString(0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.6.1");
        inner.setString(0x00081155, VR.UI, "2.25.95");
        inner.put(new ValueElement(FLOAT_PIXEL_DATA, VR.OF, new byte[4 * 16]));
        deeper.items().add(inner);
        item.put(deeper);
        seq.items().add(item);
        ds.put(seq);
        return TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds), tmp.resolve(name));
    }

    private void assertNoNestedPixels(Path in, int sequenceTag, String pixelCode) throws Exception {
        try (DicomFile file = TestFiles.read(BasicDeid.run(in, tmp, pixelCode))) {
            assertEquals(64 * 64, TestFiles.nativePixels(file).length, "the instance's own pixels stay");
            SequenceElement seq = (SequenceElement) file.dataset().get(sequenceTag);
            assertEquals(1, seq.items().size(), "the item stays");
            Dataset item = seq.items().get(0);
            assertFalse(item.contains(Tag.PIXEL_DATA), "the thumbnail goes");
            assertTrue(item.contains(0x00081155), "the reference stays (its UID mapped)");
            Dataset inner = ((SequenceElement) item.get(SOURCE_IMAGE_SEQUENCE)).items().get(0);
            assertFalse(inner.contains(FLOAT_PIXEL_DATA), "and any pixel data deeper down");
        }
    }

    @Test
    void aThumbnailInAScannedUltrasoundsSourceImageItemGoes() throws Exception {
        assertNoNestedPixels(input("us.dcm", "1.2.840.10008.5.1.4.1.1.6.1", "US", null, SOURCE_IMAGE_SEQUENCE),
                SOURCE_IMAGE_SEQUENCE, "BURNED_IN_SCANNED_CLEAN");
    }

    @Test
    void aThumbnailInANotScannedCtsReferencedImageItemGoes() throws Exception {
        assertNoNestedPixels(input("ct.dcm", "1.2.840.10008.5.1.4.1.1.2", "CT", "NO", REFERENCED_IMAGE_SEQUENCE),
                REFERENCED_IMAGE_SEQUENCE, "BURNED_IN_DECLARED_NO");
    }
}
