package org.mip.deid.pixel;

import org.mip.dicom.data.Dataset;

/**
 * The blank index of a PALETTE COLOR image. A palette index has no fixed colour, so index 0 could
 * show as anything (even white). We choose the index of the darkest entry (lowest luma, BT.601
 * weights) of the Red/Green/Blue Palette Color Lookup Tables ({@link PaletteTables}), so a blanked
 * region looks black as for the other photometric interpretations. When the tables are absent,
 * segmented, or unreadable, we fall back to the first mapped index (descriptor value 2); the text is
 * gone either way, only the colour of the blank differs.
 */
final class PaletteBlank {

    private PaletteBlank() {
    }

    static long darkestIndex(Dataset ds) {
        int[] red = PaletteTables.redDescriptor(ds);
        if (red == null) {
            return 0;
        }
        PaletteTables tables = PaletteTables.read(ds);
        if (tables == null) {
            return red[1];
        }
        int best = 0;
        long bestLuma = Long.MAX_VALUE;
        for (int i = 0; i < tables.entries(); i++) {
            long luma = 299L * tables.red()[i] + 587L * tables.green()[i] + 114L * tables.blue()[i];
            if (luma < bestLuma) {
                bestLuma = luma;
                best = i;
            }
        }
        return (long) tables.firstMapped() + best;
    }
}
