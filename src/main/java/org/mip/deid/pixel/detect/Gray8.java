package org.mip.deid.pixel.detect;

import java.util.List;

/**
 * An 8-bit luma view of one frame, row by row: 0 is black, 255 white, whatever the photometric
 * interpretation it came from (MONOCHROME1 is already inverted). The detectors work on this only.
 */
public final class Gray8 {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /** Wraps {@code pixels} (not copied): {@code width * height} bytes, row-major. */
    public Gray8(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " view needs " + (long) width * height
                    + " bytes, not " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The raster itself (not a copy): row-major, one unsigned byte per pixel. */
    public byte[] pixels() {
        return pixels;
    }

    /** The value at (x, y), 0-255. */
    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }

    public Gray8 copy() {
        return new Gray8(width, height, pixels.clone());
    }

    /** 255 - v everywhere: light text on dark becomes dark text on light. */
    public Gray8 inverted() {
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ~pixels[i];
        }
        return new Gray8(width, height, out);
    }

    /** A copy with the boxes (cut to the image) filled with {@code value}. */
    public Gray8 filled(List<TextBox> boxes, int value) {
        byte[] out = pixels.clone();
        for (TextBox b : boxes) {
            int x0 = Math.max(0, b.x());
            int y0 = Math.max(0, b.y());
            int x1 = Math.min(width, b.x() + b.width());
            int y1 = Math.min(height, b.y() + b.height());
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(out, y * width + x0, Math.max(y * width + x0, y * width + x1), (byte) value);
            }
        }
        return new Gray8(width, height, out);
    }

    /** The transposed view (x and y swapped): text rotated by 90° becomes horizontal, mirrored. */
    public Gray8 transposed() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                out[x * height + y] = pixels[row + x];
            }
        }
        return new Gray8(height, width, out);
    }

    @Override
    public String toString() {
        return "Gray8[" + width + "x" + height + "]";
    }
}
