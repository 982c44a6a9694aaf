package org.mip.dicom.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.mip.dicom.DicomException;
import org.mip.dicom.DicomException.Reason;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Which fragments of encapsulated pixel data (PS3.5 A.4) make up which frame, and the reverse:
 * encapsulating new frames with a rebuilt offset table. Offsets in the Basic Offset Table and
 * the Extended Offset Table count from the first byte of the first fragment's item tag, so each
 * fragment occupies 8 header bytes plus its (even) length.
 */
public final class EncapsulatedFrames {
    public static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
    public static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;
    private static final long MAX_BASIC_OFFSET = 0xFFFFFFFFL;

    private EncapsulatedFrames() {
    }

    /**
     * The fragments of each frame, in order. Frame boundaries come from the Extended Offset Table
     * when the data set has one, else from the Basic Offset Table; without either, one frame takes
     * every fragment, and N frames need exactly N fragments.
     */
    public static List<List<BulkData>> split(Dataset dataset, FragmentsElement pixels, int numberOfFrames)
            throws DicomException {
        List<BulkData> items = pixels.fragments();
        if (items.size() < 2) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "encapsulated Pixel Data has no fragment");
        }
        List<BulkData> fragments = items.subList(1, items.size());
        long[] offsets = extendedOffsets(dataset);
        if (offsets == null) {
            offsets = basicOffsets(items.get(0));
        }
        List<List<BulkData>> frames = new ArrayList<>();
        if (offsets.length == 0) {
            if (numberOfFrames == 1) {
                frames.add(new ArrayList<>(fragments));
            } else if (fragments.size() == numberOfFrames) {
                for (BulkData f : fragments) {
                    frames.add(List.of(f));
                }
            } else {
                throw new DicomException(Reason.INVALID_STRUCTURE, fragments.size() + " fragments for " + numberOfFrames
                        + " frames and no offset table: the frames cannot be told apart");
            }
            return frames;
        }
        if (offsets.length != numberOfFrames) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "offset table has " + offsets.length + " entries for "
                    + numberOfFrames + " frames");
        }
        long position = 0;
        int next = 0;
        List<BulkData> current = null;
        for (BulkData f : fragments) {
            if (next < offsets.length && position == offsets[next]) {
                current = new ArrayList<>();
                frames.add(current);
                next++;
            } else if (current == null || (next < offsets.length && position > offsets[next])) {
                throw new DicomException(Reason.INVALID_STRUCTURE, "offset table entry " + (next + 1)
                        + " does not point at the start of a fragment");
            }
            current.add(f);
            position += 8 + f.length() + (f.length() & 1);
        }
        if (next != offsets.length) {
            throw new DicomException(Reason.INVALID_STRUCTURE, "offset table entry " + (next + 1) + " points past the last fragment");
        }
        return frames;
    }

    /** The bytes of one frame (its fragments concatenated); only for frames a caller may hold in memory. */
    public static byte[] read(List<BulkData> frame) throws IOException {
        long total = 0;
        for (BulkData f : frame) {
            total += f.length();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IOException("a compressed frame of " + total + " bytes is too large to hold in memory");
        }
        if (frame.size() == 1) {
            return frame.get(0).readAll();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        for (BulkData f : frame) {
            try (InputStream in = f.openStream()) {
                in.transferTo(out);
            }
        }
        return out.toByteArray();
    }

    /**
     * Replaces the pixel data of {@code dataset} with {@code frames}, one fragment each. The
     * offsets go in an Extended Offset Table when the data set had one or when they do not fit in
     * 32 bits (then the Basic Offset Table is empty, as A.4 requires); else in the Basic Offset Table.
     */
    public static FragmentsElement install(Dataset dataset, int tag, VR vr, List<BulkData> frames) {
        long[] offsets = new long[frames.size()];
        long[] lengths = new long[frames.size()];
        long position = 0;
        for (int i = 0; i < frames.size(); i++) {
            long len = frames.get(i).length();
            offsets[i] = position;
            lengths[i] = len;
            position += 8 + len + (len & 1);
        }
        boolean extended = dataset.contains(EXTENDED_OFFSET_TABLE)
                || (offsets.length > 0 && offsets[offsets.length - 1] > MAX_BASIC_OFFSET);
        FragmentsElement element = new FragmentsElement(tag, vr);
        if (extended) {
            element.fragments().add(BulkData.of(new byte[0]));
            dataset.put(new ValueElement(EXTENDED_OFFSET_TABLE, VR.OV, longs(offsets)));
            dataset.put(new ValueElement(EXTENDED_OFFSET_TABLE_LENGTHS, VR.OV, longs(lengths)));
        } else {
            ByteBuffer bot = ByteBuffer.allocate(4 * offsets.length).order(ByteOrder.LITTLE_ENDIAN);
            for (long o : offsets) {
                bot.putInt((int) o);
            }
            element.fragments().add(BulkData.of(bot.array()));
            dataset.remove(EXTENDED_OFFSET_TABLE_LENGTHS);
        }
        element.fragments().addAll(frames);
        dataset.put(element);
        return element;
    }

    private static long[] basicOffsets(BulkData table) throws DicomException {
        if (table.length() % 4 != 0) {
            throw new DicomException(Reason.INVALID_LENGTH, "Basic Offset Table of " + table.length() + " bytes is not a multiple of 4");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(table.readAll()).order(ByteOrder.LITTLE_ENDIAN);
            long[] offsets = new long[b.remaining() / 4];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = b.getInt() & 0xFFFFFFFFL;
            }
            return offsets;
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, "cannot read the Basic Offset Table: " + e.getMessage());
        }
    }

    /** The Extended Offset Table (7FE0,0001), 64-bit little endian, or null when absent or empty. */
    private static long[] extendedOffsets(Dataset dataset) throws DicomException {
        Element e = dataset.get(EXTENDED_OFFSET_TABLE);
        byte[] bytes;
        try {
            if (e instanceof ValueElement v) {
                bytes = v.bytes();
            } else if (e instanceof BulkElement b) {
                bytes = b.data().readAll();
            } else {
                return null;
            }
        } catch (IOException ex) {
            throw new DicomException(Reason.IO_ERROR, "cannot read the Extended Offset Table: " + ex.getMessage());
        }
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length % 8 != 0) {
            throw new DicomException(Reason.INVALID_LENGTH, "Extended Offset Table of " + bytes.length + " bytes is not a multiple of 8");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] offsets = new long[bytes.length / 8];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = b.getLong();
        }
        return offsets;
    }

    private static byte[] longs(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
