package org.mip.deid.pixel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.Tag;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;

/**
 * Gives every pixel of a PALETTE COLOR image the first index of its colour before it is written. A
 * palette may map several indices to one colour (a table whose upper half repeats the lower, a
 * hot-iron palette's white top), and values outside the table take its first or last entry's colour
 * (PS3.3 C.7.6.3.1.5): a name drawn in one index over a ground of another of the same colour shows
 * in no display, so the scan (which looks at the colours) cannot see it, yet a reader of the indices,
 * or of another palette, shows it. Written with one index per colour, the image displays exactly as
 * it did and holds nothing else. An image whose indices are all first of their colour (nearly all)
 * is only read.
 * <p>
 * Left as they are: images whose indices may mean more than a colour (a Real World Value Mapping, an
 * ultrasound region that maps pixel values to a physical quantity), signed indices, indices not in the
 * low bits of their words (High Bit other than Bits Stored - 1), segmented palettes, palettes whose
 * three descriptors differ or give other than 8 or 16 bits per entry (readers differ on them), and frames
 * compressed other than by RLE (changing them means coding them again).
 */
final class PaletteIndices {
    private static final int REAL_WORLD_VALUE_MAPPING = 0x00409096;
    private static final int ULTRASOUND_REGIONS = 0x00186011;
    private static final int PIXEL_COMPONENT_ORGANIZATION = 0x00186044;
    private static final int SHARED_FUNCTIONAL_GROUPS = 0x52009229;
    private static final int PER_FRAME_FUNCTIONAL_GROUPS = 0x52009230;

    private PaletteIndices() {
    }

    /** @return true when the pixel data was written again */
    static boolean canonicalise(DicomFile file, Path spoolDir) throws RedactionException {
        Dataset ds = file.dataset();
        Element pixels = ds.get(Tag.PIXEL_DATA);
        if (pixels == null || !PixelFormat.PALETTE_COLOR.equals(ds.getString(PixelFormat.PHOTOMETRIC_INTERPRETATION))
                || ds.getInt(PixelFormat.SAMPLES_PER_PIXEL, 1) != 1 || ds.getInt(PixelFormat.PIXEL_REPRESENTATION, 0) != 0
                || indicesMeanMore(ds)) {
            return false;
        }
        int bitsAllocated = ds.getInt(PixelFormat.BITS_ALLOCATED, 0);
        int bitsStored = ds.getInt(PixelFormat.BITS_STORED, bitsAllocated);
        PaletteTables tables = PaletteTables.wellDescribed(ds) ? PaletteTables.read(ds) : null; // an odd table: readers differ
        if ((bitsAllocated != 8 && bitsAllocated != 16) || bitsStored < 1 || bitsStored > bitsAllocated || tables == null
                || ds.getInt(PixelFormat.HIGH_BIT, bitsStored - 1) != bitsStored - 1) {
            return false; // an index not in the low bits of its word is not read here
        }
        int[] first = firstIndexOfColour(tables, 1 << bitsStored);
        if (first == null) {
            return false;
        }
        try {
            if (pixels instanceof FragmentsElement fragments) {
                if (!WordRewrite.rewritable(file.transferSyntax().uid())) {
                    return false;
                }
                PixelFormat format = PixelFormat.of(ds);
                return WordRewrite.frames(file, fragments, WordRewrite.split(file, fragments, format, "the palette indices"), format,
                        new Indices(first, bitsAllocated / 8, false), spoolDir);
            }
            return WordRewrite.nativeData(file, pixels, bitsAllocated, (bytes, bigEndian) -> new Indices(first, bytes, bigEndian), spoolDir);
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "checking the palette indices failed: " + e.getMessage(), e);
        }
    }

    /**
     * For each stored value (0 to {@code values} - 1), the first value of the table's range that shows the
     * same colour; null when the table's range does not start within the stored values.
     */
    static int[] firstIndexOfColour(PaletteTables tables, int values) {
        int firstMapped = tables.firstMapped();
        int entries = tables.entries();
        if (firstMapped >= values) {
            return null; // a descriptor no stored value reaches: left alone
        }
        int[] firstEntry = new int[entries];
        Map<Long, Integer> byColour = new HashMap<>();
        for (int e = 0; e < entries; e++) {
            long colour = (long) tables.red()[e] << 32 | (long) tables.green()[e] << 16 | tables.blue()[e];
            Integer earlier = byColour.putIfAbsent(colour, e);
            firstEntry[e] = earlier == null ? e : earlier;
        }
        int[] map = new int[values];
        for (int v = 0; v < values; v++) {
            int e = Math.min(Math.max(v - firstMapped, 0), entries - 1); // outside the table: its first or last entry
            map[v] = firstMapped + firstEntry[e];
        }
        return map;
    }

    /** Indices that may measure something, where two of one colour are two values. */
    private static boolean indicesMeanMore(Dataset ds) {
        if (ds.get(REAL_WORLD_VALUE_MAPPING) != null) {
            return true;
        }
        if (ds.get(ULTRASOUND_REGIONS) instanceof SequenceElement regions) {
            for (Dataset region : regions.items()) {
                if (region.get(PIXEL_COMPONENT_ORGANIZATION) != null) {
                    return true;
                }
            }
        }
        for (int groups : new int[] {SHARED_FUNCTIONAL_GROUPS, PER_FRAME_FUNCTIONAL_GROUPS}) {
            if (ds.get(groups) instanceof SequenceElement seq) {
                for (Dataset item : seq.items()) {
                    if (item.get(REAL_WORLD_VALUE_MAPPING) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The words of a PALETTE COLOR image: is any not the first index of its colour, and each written as that. */
    private static final class Indices implements WordRewrite.Rule {
        private final int[] first;
        private final int mask;
        private final int bytes;
        private final boolean bigEndian;
        private boolean clean = true;

        Indices(int[] first, int bytes, boolean bigEndian) {
            this.first = first;
            this.mask = first.length - 1;
            this.bytes = bytes;
            this.bigEndian = bigEndian;
        }

        @Override
        public void add(byte[] b, int n) {
            for (int i = 0; i + bytes <= n && clean; i += bytes) {
                long w = WordRewrite.word(b, i, bytes, bigEndian);
                clean = first[(int) w & mask] == w;
            }
        }

        @Override
        public boolean clean() {
            return clean;
        }

        @Override
        public void normalise(byte[] b, int n) {
            for (int i = 0; i + bytes <= n; i += bytes) {
                WordRewrite.putWord(b, i, bytes, bigEndian, first[(int) WordRewrite.word(b, i, bytes, bigEndian) & mask]);
            }
        }
    }
}
