package org.mip.deid.pixel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;

/**
 * The blank index of a PALETTE COLOR image. A palette index has no fixed colour, so index 0 could
 * show as anything (even white). We choose the index of the darkest entry (lowest luma, BT.601
 * weights) of the Red/Green/Blue Palette Color Lookup Tables (0028,1101-1103 / 1201-1203), so a
 * blanked region looks black as for the other photometric interpretations. When the tables are
 * absent, segmented, or unreadable, we fall back to the first mapped index (descriptor value 2);
 * the text is gone either way, only the colour of the blank differs.
 */
final class PaletteBlank {
    private static final int[] DESCRIPTORS = {0x00281101, 0x00281102, 0x00281103};
    private static final int[] DATA = {0x00281201, 0x00281202, 0x00281203};

    private PaletteBlank() {
    }

    static long darkestIndex(Dataset ds) {
        int[] red = descriptor(ds, DESCRIPTORS[0]);
        if (red == null) {
            return 0;
        }
        long firstMapped = red[1];
        int entries = red[0] == 0 ? 65536 : red[0];
        int[][] tables = new int[3][];
        for (int c = 0; c < 3; c++) {
            tables[c] = table(ds, DATA[c], entries);
            if (tables[c] == null) {
                return firstMapped;
            }
        }
        int best = 0;
        long bestLuma = Long.MAX_VALUE;
        for (int i = 0; i < entries; i++) {
            long luma = 299L * tables[0][i] + 587L * tables[1][i] + 114L * tables[2][i];
            if (luma < bestLuma) {
                bestLuma = luma;
                best = i;
            }
        }
        return firstMapped + best;
    }

    /** The three descriptor values (entries, first mapped value, bits per entry) as unsigned 16-bit, or null. */
    private static int[] descriptor(Dataset ds, int tag) {
        if (!(ds.get(tag) instanceof ValueElement v) || v.bytes().length < 6) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(v.bytes()).order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getShort(0) & 0xFFFF, b.getShort(2) & 0xFFFF, b.getShort(4) & 0xFFFF};
    }

    /** Table entries as unsigned values: one 16-bit word each, or one byte each when 8-bit entries are packed. */
    private static int[] table(Dataset ds, int tag, int entries) {
        byte[] bytes;
        try {
            Element e = ds.get(tag);
            if (e instanceof ValueElement v) {
                bytes = v.bytes();
            } else if (e instanceof BulkElement bulk && bulk.data().length() <= 2L * 65536 + 2) {
                bytes = bulk.data().readAll();
            } else {
                return null;
            }
        } catch (IOException ex) {
            return null;
        }
        int[] out = new int[entries];
        if (bytes.length >= 2 * entries) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < entries; i++) {
                out[i] = b.getShort(2 * i) & 0xFFFF;
            }
        } else if (bytes.length >= entries) {
            for (int i = 0; i < entries; i++) {
                out[i] = bytes[i] & 0xFF;
            }
        } else {
            return null;
        }
        return out;
    }
}
