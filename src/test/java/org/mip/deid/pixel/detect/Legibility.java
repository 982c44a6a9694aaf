package org.mip.deid.pixel.detect;

import static org.bytedeco.tesseract.global.tesseract.OEM_LSTM_ONLY;
import static org.bytedeco.tesseract.global.tesseract.PSM_SINGLE_BLOCK;
import static org.bytedeco.tesseract.global.tesseract.PSM_SINGLE_LINE;
import static org.bytedeco.tesseract.global.tesseract.PSM_SPARSE_TEXT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.TessBaseAPI;

/**
 * Whether a planted text can still be read: its region (its box grown by its line height on every
 * side) is cut from each view, enlarged 3x and 4x, stretched to its own darkest-to-brightest range,
 * turned both ways for vertical text, and read by Tesseract as a block, as a line and as sparse
 * text; legible when any reading holds a planted word of three or more letters or digits. A
 * reader that zooms into the region and tries hard, not the detector's whole-frame pass. Not
 * thread-safe.
 */
public final class Legibility implements AutoCloseable {
    private final TessBaseAPI api = new TessBaseAPI();

    public Legibility(Path tessdata) {
        if (api.Init(tessdata.toString(), "eng", OEM_LSTM_ONLY) != 0) {
            api.close();
            throw new IllegalStateException("Tesseract init failed with " + tessdata);
        }
        api.SetPageSegMode(PSM_SINGLE_BLOCK);
        api.SetVariable("debug_file", "/dev/null");
        api.SetVariable("user_defined_dpi", "300");
    }

    public boolean legible(List<GrayViews.View> views, TextCorpus.Text t) {
        List<String> tokens = t.legibleTokens();
        if (tokens.isEmpty()) {
            return false;
        }
        for (GrayViews.View v : views) {
            Gray8 crop = stretch(crop(v.image(), t));
            List<Gray8> candidates = t.rotated() ? List.of(rotate(crop, true), rotate(crop, false)) : List.of(crop);
            for (Gray8 c : candidates) {
                for (double scale : new double[] {3, 4}) {
                    Gray8 big = Resample.scale(c, scale);
                    for (int psm : new int[] {PSM_SINGLE_BLOCK, PSM_SINGLE_LINE, PSM_SPARSE_TEXT}) {
                        String read = read(big, psm).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
                        for (String token : tokens) {
                            if (read.contains(token)) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    private String read(Gray8 big, int psm) {
        api.SetPageSegMode(psm);
        try (BytePointer px = new BytePointer(big.pixels())) {
            api.SetImage(px, big.width(), big.height(), 1, big.width());
            BytePointer text = api.GetUTF8Text();
            try {
                return text == null ? "" : text.getString(StandardCharsets.UTF_8);
            } finally {
                if (text != null) {
                    text.deallocate();
                }
                api.Clear();
            }
        }
    }

    /** The region's own darkest to brightest grey mapped to 0-255: faint text gets all the contrast there is. */
    private static Gray8 stretch(Gray8 g) {
        int lo = 255;
        int hi = 0;
        for (byte b : g.pixels()) {
            lo = Math.min(lo, b & 0xFF);
            hi = Math.max(hi, b & 0xFF);
        }
        if (hi - lo < 2) {
            return g;
        }
        byte[] out = new byte[g.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (((g.pixels()[i] & 0xFF) - lo) * 255 / (hi - lo));
        }
        return new Gray8(g.width(), g.height(), out);
    }

    private static Gray8 crop(Gray8 img, TextCorpus.Text t) {
        int grow = Math.min(t.width(), t.height());
        int x0 = Math.max(0, t.x() - grow);
        int y0 = Math.max(0, t.y() - grow);
        int x1 = Math.min(img.width(), t.x() + t.width() + grow);
        int y1 = Math.min(img.height(), t.y() + t.height() + grow);
        byte[] out = new byte[(x1 - x0) * (y1 - y0)];
        for (int y = y0; y < y1; y++) {
            System.arraycopy(img.pixels(), y * img.width() + x0, out, (y - y0) * (x1 - x0), x1 - x0);
        }
        return new Gray8(x1 - x0, y1 - y0, out);
    }

    private static Gray8 rotate(Gray8 img, boolean clockwise) {
        int w = img.width();
        int h = img.height();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx = clockwise ? h - 1 - y : y;
                int ny = clockwise ? x : w - 1 - x;
                out[ny * h + nx] = img.pixels()[y * w + x];
            }
        }
        return new Gray8(h, w, out);
    }

    @Override
    public void close() {
        api.End();
        api.close();
    }
}
