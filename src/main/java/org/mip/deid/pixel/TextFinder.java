package org.mip.deid.pixel;

import java.util.List;
import org.mip.deid.profile.RedactionRule.Rectangle;

/**
 * Finds text in one decoded frame: the detectors of {@code org.mip.deid.pixel.detect} behind the
 * pixel stage. Implementations are thread-safe.
 */
interface TextFinder {

    /** Whether OCR takes part (false: the text-likeness detector alone). */
    boolean ocr();

    /**
     * @param frame   native little endian samples in {@code format}'s layout
     * @param format  the frame's layout (as decoded)
     * @param display how the header says to show it (window, rescale), read before de-identification
     */
    Findings find(byte[] frame, PixelFormat format, Display display) throws RedactionException;

    /**
     * What one frame holds.
     *
     * @param regions      text regions, margin included, merged (image coordinates)
     * @param ocrRegions   regions the OCR engine reported
     * @param shapeRegions regions the text-likeness detector reported
     * @param words        words the OCR read: kept in memory to count matches with the header, never
     *                     logged, stored or put into a message
     */
    record Findings(List<Rectangle> regions, int ocrRegions, int shapeRegions, List<String> words) {
        static final Findings NONE = new Findings(List.of(), 0, 0, List.of());

        public Findings {
            regions = List.copyOf(regions);
            words = List.copyOf(words);
        }

        boolean empty() {
            return regions.isEmpty();
        }
    }

    /**
     * The display attributes of the header (first values), for the 8-bit view of a frame.
     *
     * @param windowCenter     Window Center (0028,1050), NaN when absent
     * @param windowWidth      Window Width (0028,1051), NaN when absent
     * @param rescaleSlope     Rescale Slope (0028,1053), 1 when absent
     * @param rescaleIntercept Rescale Intercept (0028,1052), 0 when absent
     */
    record Display(double windowCenter, double windowWidth, double rescaleSlope, double rescaleIntercept) {
        static final Display NONE = new Display(Double.NaN, Double.NaN, 1, 0);

        static Display of(org.mip.dicom.data.Dataset ds) {
            return new Display(first(ds, 0x00281050, Double.NaN), first(ds, 0x00281051, Double.NaN),
                    first(ds, 0x00281053, 1), first(ds, 0x00281052, 0));
        }

        private static double first(org.mip.dicom.data.Dataset ds, int tag, double fallback) {
            String v = ds.getString(tag);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v.split("\\\\")[0].trim());
                return Double.isFinite(d) ? d : fallback;
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}
