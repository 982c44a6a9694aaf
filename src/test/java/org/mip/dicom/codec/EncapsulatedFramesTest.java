package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

class EncapsulatedFramesTest {
    private static final BulkData A = BulkData.of(new byte[10]);
    private static final BulkData B = BulkData.of(new byte[6]);
    private static final BulkData C = BulkData.of(new byte[4]);

    @Test
    void basicOffsetTableGroupsFragmentsIntoFrames() throws Exception {
        // Frame 1 = A + B (at 0), frame 2 = C (at 8+10 + 8+6 = 32).
        FragmentsElement f = fragments(offsets(0, 32), A, B, C);
        List<List<BulkData>> frames = EncapsulatedFrames.split(new Dataset(), f, 2);
        assertEquals(List.of(List.of(A, B), List.of(C)), frames);
        assertArrayEquals(new byte[16], EncapsulatedFrames.read(frames.get(0)));
    }

    @Test
    void withoutOffsetTable() throws Exception {
        FragmentsElement f = fragments(new byte[0], A, B, C);
        assertEquals(List.of(List.of(A, B, C)), EncapsulatedFrames.split(new Dataset(), f, 1), "one frame takes all");
        assertEquals(List.of(List.of(A), List.of(B), List.of(C)), EncapsulatedFrames.split(new Dataset(), f, 3));
        assertThrows(DicomException.class, () -> EncapsulatedFrames.split(new Dataset(), f, 2), "ambiguous");
    }

    @Test
    void badOffsetTablesAreErrors() {
        assertThrows(DicomException.class, () -> EncapsulatedFrames.split(new Dataset(), fragments(offsets(0, 20), A, B, C), 2),
                "20 is inside fragment B");
        assertThrows(DicomException.class, () -> EncapsulatedFrames.split(new Dataset(), fragments(offsets(0), A, B), 2),
                "one entry for two frames");
        assertThrows(DicomException.class, () -> EncapsulatedFrames.split(new Dataset(), fragments(offsets(0, 500), A, B), 2),
                "past the end");
        assertThrows(DicomException.class, () -> EncapsulatedFrames.split(new Dataset(), fragments(new byte[0]), 1),
                "no fragment");
    }

    @Test
    void extendedOffsetTableWinsOverAnEmptyBasicOne() throws Exception {
        Dataset ds = new Dataset();
        ds.put(new ValueElement(EncapsulatedFrames.EXTENDED_OFFSET_TABLE, VR.OV, longs(0, 18)));
        List<List<BulkData>> frames = EncapsulatedFrames.split(ds, fragments(new byte[0], A, B, C), 2);
        assertEquals(List.of(List.of(A), List.of(B, C)), frames);
    }

    @Test
    void installRebuildsTheBasicOffsetTable() throws Exception {
        Dataset ds = new Dataset();
        FragmentsElement f = EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, List.of(A, BulkData.of(new byte[5]), C));
        assertSame(f, ds.get(Tag.PIXEL_DATA));
        // The 5-byte fragment is written padded to 6.
        assertArrayEquals(offsets(0, 18, 32), f.fragments().get(0).readAll());
        assertEquals(3, EncapsulatedFrames.split(ds, f, 3).size());
        assertFalse(ds.contains(EncapsulatedFrames.EXTENDED_OFFSET_TABLE));
    }

    @Test
    void installKeepsAnExtendedOffsetTableWhenThereWasOne() throws Exception {
        Dataset ds = new Dataset();
        ds.put(new ValueElement(EncapsulatedFrames.EXTENDED_OFFSET_TABLE, VR.OV, longs(0)));
        FragmentsElement f = EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, List.of(A, C));
        assertEquals(0, f.fragments().get(0).length(), "Basic Offset Table empty beside an Extended one");
        assertArrayEquals(longs(0, 18), ds.getBytes(EncapsulatedFrames.EXTENDED_OFFSET_TABLE));
        assertArrayEquals(longs(10, 4), ds.getBytes(EncapsulatedFrames.EXTENDED_OFFSET_TABLE_LENGTHS));
    }

    @Test
    void samplesSplitAsTheirOffsetTablesSay() throws Exception {
        try (DicomFile f = TestFiles.read(TestFiles.sample("SC_rgb_rle_2frame.dcm"))) {
            FragmentsElement px = (FragmentsElement) f.dataset().get(Tag.PIXEL_DATA);
            assertEquals(8, px.fragments().get(0).length(), "sample has a 2-entry offset table");
            List<List<BulkData>> frames = EncapsulatedFrames.split(f.dataset(), px, 2);
            assertEquals(2, frames.size());
            assertTrue(frames.stream().allMatch(fr -> fr.size() == 1));
        }
    }

    private static FragmentsElement fragments(byte[] table, BulkData... fragments) {
        FragmentsElement f = new FragmentsElement(Tag.PIXEL_DATA, VR.OB);
        f.fragments().add(BulkData.of(table));
        f.fragments().addAll(List.of(fragments));
        return f;
    }

    private static byte[] offsets(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
