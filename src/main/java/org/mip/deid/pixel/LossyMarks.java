package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;

/**
 * Lossy Image Compression (0028,2110), its Ratio (0028,2112) and Method (0028,2114), PS3.3
 * C.7.6.1.1.5: once an image has been lossy compressed it says so for ever, whatever syntax it is
 * written in later; Ratio and Method hold one value per lossy step, in order.
 */
final class LossyMarks {
    static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;
    static final int LOSSY_IMAGE_COMPRESSION_RATIO = 0x00282112;
    static final int LOSSY_IMAGE_COMPRESSION_METHOD = 0x00282114;

    private LossyMarks() {
    }

    /**
     * The input's pixels were lossy compressed: 01, and the step that made them, unless the input
     * recorded it already. A method recorded: the encoder's own record stands. Ratios recorded without
     * a method (gdcmconv writes its ratio alone): the last of them is this step, and it gets its
     * method; a second ratio for the same step would say the image was compressed twice.
     */
    static void recordSource(Dataset ds, String method, double ratio) {
        ds.setString(LOSSY_IMAGE_COMPRESSION, VR.CS, "01");
        List<String> methods = ds.getStrings(LOSSY_IMAGE_COMPRESSION_METHOD);
        List<String> ratios = ds.getStrings(LOSSY_IMAGE_COMPRESSION_RATIO);
        if (!methods.isEmpty()) {
            return;
        }
        if (!ratios.isEmpty()) {
            List<String> named = new ArrayList<>();
            while (named.size() < ratios.size() - 1) {
                named.add("");
            }
            named.add(method);
            ds.setStrings(LOSSY_IMAGE_COMPRESSION_METHOD, VR.CS, named);
            return;
        }
        recordStep(ds, method, ratio);
    }

    /** One more lossy step: its ratio and method appended. */
    static void recordStep(Dataset ds, String method, double ratio) {
        ds.setString(LOSSY_IMAGE_COMPRESSION, VR.CS, "01");
        List<String> ratios = new ArrayList<>(ds.getStrings(LOSSY_IMAGE_COMPRESSION_RATIO));
        List<String> methods = new ArrayList<>(ds.getStrings(LOSSY_IMAGE_COMPRESSION_METHOD));
        // Ratio and Method pair up value by value: pad a short list so the new pair lines up
        while (ratios.size() < methods.size()) {
            ratios.add("");
        }
        while (methods.size() < ratios.size()) {
            methods.add("");
        }
        ratios.add(decimalString(ratio));
        methods.add(method);
        ds.setStrings(LOSSY_IMAGE_COMPRESSION_RATIO, VR.DS, ratios);
        ds.setStrings(LOSSY_IMAGE_COMPRESSION_METHOD, VR.CS, methods);
    }

    /** A DS of at most 16 characters. */
    static String decimalString(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.6e", v);
    }
}
