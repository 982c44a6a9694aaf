package org.mip.deid.pixel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;

/**
 * A synthetic image and, independently of the production code, where each sample's bytes are and
 * what the redacted pixel data must be: written from PS3.3 C.7.6.3 and PS3.5 directly.
 *
 * @param blank expected blank word per sample (hand-computed per case, not by the code under test)
 * @param ow    Pixel Data VR OW (else OB); with big endian and 8 bits, OW swaps bytes in pairs
 */
record Synthetic(String name, String photometric, int bits, int bitsStored, int highBit, int samples, boolean planar,
                 boolean signed, boolean bigEndian, boolean ow, int frames, int rows, int columns, long[] blank) {

    static Synthetic mono(String name, String photometric, int bits, int stored, int high, boolean signed, long blank) {
        return new Synthetic(name, photometric, bits, stored, high, 1, false, signed, false, bits > 8, 3, 11, 13,
                new long[] {blank});
    }

    static Synthetic color(String name, String photometric, int bits, boolean planar, long... blank) {
        return new Synthetic(name, photometric, bits, bits, bits - 1, 3, planar, false, false, bits > 8, 2, 9, 7, blank);
    }

    /** True where "DOE^JANE" (bold sans serif, 20 pt, at 8, 36) puts its ink in a frame of {@code rows} x {@code columns}. */
    static boolean[] nameInk(int rows, int columns) {
        BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("DOE^JANE", 8, 36);
        g.dispose();
        boolean[] ink = new boolean[rows * columns];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = img.getRaster().getSample(i % columns, i / columns, 0) > 127;
        }
        return ink;
    }

    /**
     * The attributes an instance needs besides its pixels: SOP Class and Instance UIDs, a study and a
     * series, {@code modality}, a patient's name, and Burned In Annotation when {@code burnedIn} is not null.
     */
    static void identify(Dataset ds, String sopClass, String sopInstance, String modality, String burnedIn) {
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, sopClass);
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, sopInstance);
        ds.setString(0x0020000D, VR.UI, sopInstance + ".1");
        ds.setString(0x0020000E, VR.UI, sopInstance + ".2");
        ds.setString(0x00080060, VR.CS, modality);
        ds.setString(0x00100010, VR.PN, "Doe^Jane");
        if (burnedIn != null) {
            ds.setString(0x00280301, VR.CS, burnedIn);
        }
    }

    /** Sets the Image Pixel attributes of an unsigned 8-bit MONOCHROME2 image of {@code frames} frames. */
    static void gray8(Dataset ds, int frames, int rows, int columns) {
        ds.setInts(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "MONOCHROME2");
        ds.setString(0x00280008, VR.IS, Integer.toString(frames));
        ds.setInts(0x00280010, VR.US, rows);
        ds.setInts(0x00280011, VR.US, columns);
        ds.setInts(0x00280100, VR.US, 8);
        ds.setInts(0x00280101, VR.US, 8);
        ds.setInts(0x00280102, VR.US, 7);
        ds.setInts(0x00280103, VR.US, 0);
    }

    Synthetic bigEndian(boolean useOw) {
        return new Synthetic(name + " BE", photometric, bits, bitsStored, highBit, samples, planar, signed, true, useOw,
                frames, rows, columns, blank);
    }

    Synthetic size(int newFrames, int newRows, int newColumns) {
        return new Synthetic(name + " " + newFrames + "x" + newRows + "x" + newColumns, photometric, bits, bitsStored, highBit,
                samples, planar, signed, bigEndian, ow, newFrames, newRows, newColumns, blank);
    }

    TransferSyntax transferSyntax() {
        return bigEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    int bytesPerSample() {
        return bits / 8;
    }

    boolean subsampled() {
        return photometric.equals("YBR_FULL_422");
    }

    int frameLength() {
        return rows * columns * (subsampled() ? 2 : samples) * bytesPerSample();
    }

    /** The Image Pixel attributes; Pixel Data added by {@link #withPixels}. */
    Dataset dataset() {
        Dataset ds = new Dataset(bigEndian);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.1234");
        ds.setInts(0x00280002, VR.US, samples);
        ds.setString(0x00280004, VR.CS, photometric);
        if (samples > 1) {
            ds.setInts(0x00280006, VR.US, planar ? 1 : 0);
        }
        ds.setString(0x00280008, VR.IS, Integer.toString(frames));
        ds.setInts(0x00280010, VR.US, rows);
        ds.setInts(0x00280011, VR.US, columns);
        ds.setInts(0x00280100, VR.US, bits);
        ds.setInts(0x00280101, VR.US, bitsStored);
        ds.setInts(0x00280102, VR.US, highBit);
        ds.setInts(0x00280103, VR.US, signed ? 1 : 0);
        return ds;
    }

    Dataset withPixels(byte[] pixels) {
        Dataset ds = dataset();
        VR vr = ow ? VR.OW : VR.OB;
        ds.put(pixels.length > 16 * 1024 ? new BulkElement(Tag.PIXEL_DATA, vr, BulkData.of(pixels))
                : new ValueElement(Tag.PIXEL_DATA, vr, pixels));
        return ds;
    }

    byte[] random(long seed) {
        byte[] b = new byte[frames * frameLength()];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Byte offset of byte {@code k} (0 = least significant) of sample {@code s} of pixel (x, y) in frame f. */
    int offset(int f, int x, int y, int s, int k) {
        int bps = bytesPerSample();
        int sampleIndex;
        if (subsampled()) {
            // Y Y Cb Cr per horizontal pixel pair (PS3.3 C.7.6.3.1.2)
            int pair = (y * columns + x) / 2;
            sampleIndex = pair * 4 + (s == 0 ? x % 2 : s + 1);
        } else if (planar) {
            sampleIndex = s * rows * columns + y * columns + x;
        } else {
            sampleIndex = (y * columns + x) * samples + s;
        }
        int logical = f * frameLength() + sampleIndex * bps + (bigEndian ? bps - 1 - k : k);
        // Big endian OW of 8-bit pixels: 16-bit words swapped, across the whole value.
        return bigEndian && ow && bits == 8 ? logical ^ 1 : logical;
    }

    /** What the pixel data must be after blanking the clipped rectangles (pixels outside untouched). */
    byte[] expected(byte[] original, List<Rectangle> clipped) {
        byte[] out = original.clone();
        for (int f = 0; f < frames; f++) {
            for (Rectangle r : clipped) {
                for (int y = r.y(); y < r.y() + r.height(); y++) {
                    for (int x = r.x(); x < r.x() + r.width(); x++) {
                        for (int s = 0; s < samples; s++) {
                            for (int k = 0; k < bytesPerSample(); k++) {
                                out[offset(f, x, y, s, k)] = (byte) (blank[s] >>> (8 * k));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
