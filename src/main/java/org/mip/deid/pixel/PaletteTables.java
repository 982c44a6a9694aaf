package org.mip.deid.pixel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;

/**
 * The Red, Green and Blue Palette Color Lookup Tables of a PALETTE COLOR image (PS3.3 C.7.6.3.1.5/6):
 * descriptors (0028,1101-1103) and data (0028,1201-1203). Segmented tables (0028,1221-1223) are not
 * read: {@link #read} answers null for them, as for absent or unreadable tables.
 *
 * @param firstMapped  the pixel value mapped to the first entry (descriptor value 2)
 * @param bitsPerEntry 8 or 16 (descriptor value 3)
 * @param red          one unsigned value per entry, as stored (0-255 or 0-65535)
 */
public record PaletteTables(int firstMapped, int bitsPerEntry, int[] red, int[] green, int[] blue) {
    private static final int[] DESCRIPTORS = {0x00281101, 0x00281102, 0x00281103};
    private static final int[] DATA = {0x00281201, 0x00281202, 0x00281203};

    public int entries() {
        return red.length;
    }

    /** The Red descriptor's three values (entries, first mapped value, bits per entry) as unsigned 16-bit, or null. */
    public static int[] redDescriptor(Dataset ds) {
        return descriptor(ds, DESCRIPTORS[0]);
    }

    /** The three tables, or null when absent, segmented or unreadable. */
    public static PaletteTables read(Dataset ds) {
        int[] red = redDescriptor(ds);
        if (red == null) {
            return null;
        }
        int entries = red[0] == 0 ? 65536 : red[0];
        int[][] tables = new int[3][];
        for (int c = 0; c < 3; c++) {
            tables[c] = table(ds, DATA[c], entries);
            if (tables[c] == null) {
                return null;
            }
        }
        return new PaletteTables(red[1], red[2] == 16 ? 16 : 8, tables[0], tables[1], tables[2]);
    }

    /**
     * Whether the three tables are described one way, as PS3.3 C.7.6.3.1.5 requires: descriptors present
     * and alike, 8 or 16 bits per entry, and data of the length that says (8-bit entries packed, padded
     * to even). {@link #read} also takes tables that are not, which readers may read otherwise.
     */
    static boolean wellDescribed(Dataset ds) {
        int[] red = descriptor(ds, DESCRIPTORS[0]);
        if (red == null || (red[2] != 8 && red[2] != 16) || !java.util.Arrays.equals(red, descriptor(ds, DESCRIPTORS[1]))
                || !java.util.Arrays.equals(red, descriptor(ds, DESCRIPTORS[2]))) {
            return false;
        }
        long entries = red[0] == 0 ? 65536 : red[0];
        long bytes = red[2] == 16 ? 2 * entries : entries + entries % 2;
        for (int tag : DATA) {
            Element e = ds.get(tag);
            long length = e instanceof ValueElement v ? v.length() : e instanceof BulkElement b ? b.data().length() : -1;
            if (length != bytes) {
                return false;
            }
        }
        return true;
    }

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
