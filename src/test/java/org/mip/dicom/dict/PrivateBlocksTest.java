package org.mip.dicom.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrivateBlocksTest {

    private final PrivateBlocks blocks = PrivateBlocks.of(Map.of(
            0x00290010, "SIEMENS CSA HEADER",
            0x00290011, "SIEMENS MEDCOM HEADER ", // LO padding
            0x00090012, "GEMS_IDEN_01",
            0x00190010, "GEMS_ACQU_01"));

    @Test
    void creatorOfAPrivateElement() {
        assertEquals(Optional.of("SIEMENS CSA HEADER"), blocks.creatorOf(0x00291008));
        assertEquals(Optional.of("SIEMENS MEDCOM HEADER"), blocks.creatorOf(0x002911FF));
        assertEquals(Optional.of("GEMS_IDEN_01"), blocks.creatorOf(0x00091201));
        assertEquals(Optional.empty(), blocks.creatorOf(0x00091001), "orphan: block 10 of 0009 has no creator");
        assertEquals(Optional.empty(), blocks.creatorOf(0x00290010), "a creator element is no data element");
        assertEquals(Optional.empty(), blocks.creatorOf(0x00100010), "public");
    }

    @Test
    void blockAndOffset() {
        assertEquals(0x12, PrivateBlocks.blockOf(0x00091201));
        assertEquals(0x12, PrivateBlocks.blockOf(0x00090012));
        assertEquals(0x01, PrivateBlocks.offsetOf(0x00091201));
        assertEquals(0xFF, PrivateBlocks.offsetOf(0x0029FFFF));
        assertThrows(IllegalArgumentException.class, () -> PrivateBlocks.offsetOf(0x00100010));
        assertThrows(IllegalArgumentException.class, () -> PrivateBlocks.blockOf(0x00090100));
        assertTrue(PrivateBlocks.isPrivateDataElement(0x00091000));
        assertTrue(!PrivateBlocks.isPrivateDataElement(0x00090FFF));
    }

    @Test
    void tagOfACreatorsElement() {
        assertEquals(OptionalInt.of(0x00291120), blocks.tagOf(0x0029, "SIEMENS MEDCOM HEADER", 0x20));
        assertEquals(OptionalInt.of(0x00291120), blocks.tagOf(0x0029, " SIEMENS MEDCOM HEADER  ", 0x20));
        assertEquals(OptionalInt.empty(), blocks.tagOf(0x0029, "siemens csa header", 0x08), "case matters");
        assertEquals(OptionalInt.empty(), blocks.tagOf(0x0019, "SIEMENS CSA HEADER", 0x08), "other group");
        assertThrows(IllegalArgumentException.class, () -> blocks.tagOf(0x0028, "X", 0));
        assertThrows(IllegalArgumentException.class, () -> blocks.tagOf(0x0029, "X", 0x100));
    }

    @Test
    void allocatesTheLowestFreeBlockOnce() {
        assertEquals(0x00091020, blocks.allocate(0x0009, "MIP", 0x20), "block 10 is free, 12 is taken");
        assertEquals(0x00091021, blocks.allocate(0x0009, "MIP", 0x21), "same block again");
        assertEquals(0x00091110, blocks.allocate(0x0009, "OTHER", 0x10), "10 and 12 taken: 11");
        assertEquals(0x00091330, blocks.allocate(0x0009, "THIRD", 0x30), "10-12 taken: 13");
    }

    @Test
    void allocationFillsGapsInOrderAndReportsCreators() {
        PrivateBlocks b = PrivateBlocks.of(Map.of(0x00110010, "A", 0x00110012, "C"));
        assertEquals(0x00111105, b.allocate(0x0011, "B", 0x05));
        assertEquals(0x00111305, b.allocate(0x0011, "D", 0x05));
        assertEquals(Map.of(0x00110010, "A", 0x00110011, "B", 0x00110012, "C", 0x00110013, "D"), b.creators());
    }

    @Test
    void fullGroupRefusesAllocation() {
        Map<Integer, String> all = new HashMap<>();
        for (int block = 0x10; block <= 0xFF; block++) {
            all.put(0x00130000 | block, "C" + block);
        }
        PrivateBlocks full = PrivateBlocks.of(all);
        assertEquals(0x0013FF01, full.allocate(0x0013, "C255", 1));
        assertThrows(IllegalStateException.class, () -> full.allocate(0x0013, "NEW", 1));
    }

    @Test
    void refusesNonCreatorElements() {
        assertThrows(IllegalArgumentException.class, () -> PrivateBlocks.of(Map.of(0x00100010, "X")));
        assertThrows(IllegalArgumentException.class, () -> PrivateBlocks.of(Map.of(0x00091000, "X")));
    }
}
