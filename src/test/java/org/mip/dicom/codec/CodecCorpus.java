package org.mip.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Test support for the frame codecs: synthetic images, native DICOM files made of them, the
 * independent encoders and decoders (dcmtk, GDCM) run on those files, and the comparison of our
 * decoded frames with theirs.
 */
public final class CodecCorpus {
    private CodecCorpus() {
    }

    /** A compressed file as read back: its syntax, its Image Pixel description and its frames. */
    public record Compressed(String transferSyntaxUid, ImageDescription description, List<byte[]> frames, Dataset dataset) {
    }

    /** A native frame as a reference tool wrote it (interleaved) and its photometric interpretation. */
    record Reference(byte[] pixels, String photometric) {
    }

    /** Max and mean absolute difference of the sample values (interpreted through Bits Stored and sign). */
    record Diff(long max, double mean, long samples) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "max %d, mean %.4f over %d samples", max, mean, samples);
        }
    }

    // ------------------------------------------------------------------ images

    /**
     * A frame with what makes codecs fail: a diagonal gradient, noise, sharp-edged blocks at full
     * range (both extremes) and thin text-like strokes; colour channels differ. Values fill Bits
     * Stored; signed values are sign-extended through the word.
     */
    public static byte[] image(ImageDescription d, long seed) {
        Random random = new Random(seed);
        int bits = d.bitsStored();
        long max = (1L << bits) - 1;
        byte[] out = new byte[(int) ((long) d.rows() * d.columns() * d.samplesPerPixel() * d.bytesPerSample())];
        for (int y = 0; y < d.rows(); y++) {
            for (int x = 0; x < d.columns(); x++) {
                for (int s = 0; s < d.samplesPerPixel(); s++) {
                    double g = ((x * (s + 1) + y * (3 - s)) % (d.columns() + d.rows())) / (double) (d.columns() + d.rows());
                    long v = (long) (g * max);
                    v += (long) (random.nextGaussian() * max / 64);
                    if (x > d.columns() / 2 && x < d.columns() * 3 / 4 && y > d.rows() / 4 && y < d.rows() / 2) {
                        v = s == 1 ? 0 : max; // a sharp block at both ends of the range
                    }
                    if (y % 11 < 2 && x % 7 < 5 && y < d.rows() / 3) {
                        v = max - (x % 3 == 0 ? 0 : max / 8); // strokes like small text
                    }
                    v = Math.max(0, Math.min(max, v));
                    if (d.signed()) {
                        v -= 1L << (bits - 1);
                    }
                    int index = (y * d.columns() + x) * d.samplesPerPixel() + s;
                    NativeSamples.put(out, index, (int) v, d.bytesPerSample(), 0);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ files

    static Dataset dataset(ImageDescription d, int frames) {
        Dataset ds = new Dataset(false);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.4242");
        ds.setString(0x00080060, VR.CS, "OT");
        ds.setInts(ImageDescription.SAMPLES_PER_PIXEL, VR.US, d.samplesPerPixel());
        ds.setString(ImageDescription.PHOTOMETRIC_INTERPRETATION, VR.CS, d.photometric());
        if (d.samplesPerPixel() > 1) {
            ds.setInts(ImageDescription.PLANAR_CONFIGURATION, VR.US, d.planar() ? 1 : 0);
        }
        if (frames > 1) {
            ds.setString(0x00280008, VR.IS, Integer.toString(frames));
        }
        ds.setInts(ImageDescription.ROWS, VR.US, d.rows());
        ds.setInts(ImageDescription.COLUMNS, VR.US, d.columns());
        ds.setInts(ImageDescription.BITS_ALLOCATED, VR.US, d.bitsAllocated());
        ds.setInts(ImageDescription.BITS_STORED, VR.US, d.bitsStored());
        ds.setInts(0x00280102, VR.US, d.bitsStored() - 1);
        ds.setInts(ImageDescription.PIXEL_REPRESENTATION, VR.US, d.signed() ? 1 : 0);
        return ds;
    }

    /** Writes native frames as an Explicit VR Little Endian file. */
    public static Path writeNative(Path path, ImageDescription d, List<byte[]> frames) throws Exception {
        Dataset ds = dataset(d, frames.size());
        byte[] all = TestFiles.concat(frames);
        if ((all.length & 1) == 1) {
            all = java.util.Arrays.copyOf(all, all.length + 1);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, d.bitsAllocated() == 8 ? VR.OB : VR.OW, all));
        return TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds), path);
    }

    /** Writes encoded frames (one fragment each) as a file of {@code transferSyntaxUid}. */
    static Path writeEncapsulated(Path path, ImageDescription d, String transferSyntaxUid, List<byte[]> frames, boolean lossy)
            throws Exception {
        Dataset ds = dataset(d, frames.size());
        if (lossy) {
            ds.setString(0x00282110, VR.CS, "01");
            ds.setString(0x00282114, VR.CS, "ISO_10918_1");
        }
        List<BulkData> fragments = new ArrayList<>();
        for (byte[] f : frames) {
            fragments.add(BulkData.of(f));
        }
        EncapsulatedFrames.install(ds, Tag.PIXEL_DATA, VR.OB, fragments);
        return TestFiles.write(TestFiles.file(TransferSyntax.of(transferSyntaxUid), ds), path);
    }

    public static Compressed read(Path path) throws Exception {
        try (DicomFile f = TestFiles.read(path)) {
            Dataset ds = f.dataset();
            ImageDescription d = ImageDescription.of(ds);
            int frames = ds.getInt(0x00280008, 1);
            FragmentsElement px = (FragmentsElement) ds.get(Tag.PIXEL_DATA);
            List<byte[]> out = new ArrayList<>();
            for (List<BulkData> frame : EncapsulatedFrames.split(ds, px, frames)) {
                out.add(EncapsulatedFrames.read(frame));
            }
            return new Compressed(f.transferSyntax().uid(), d, out, ds);
        }
    }

    /** Runs a compressing tool: {@code command... in out}. */
    public static Compressed compress(Path in, Path out, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.add(in.toString());
        cmd.add(out.toString());
        TestFiles.run(cmd.toArray(new String[0]));
        return read(out);
    }

    /** Decompresses with {@code tool} ({@code dcmdjpeg}, {@code dcmdjpls}, or {@code gdcmconv --raw}); pixels interleaved. */
    static Reference reference(Path compressed, Path dir, String... tool) throws Exception {
        Path out = dir.resolve(compressed.getFileName() + "." + tool[0] + ".dcm");
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.add(compressed.toString());
        cmd.add(out.toString());
        TestFiles.run(cmd.toArray(new String[0]));
        try (DicomFile f = TestFiles.read(out)) {
            Dataset ds = f.dataset();
            ImageDescription d = ImageDescription.of(ds);
            byte[] pixels = TestFiles.nativePixels(f);
            long length = d.frameLength() * ds.getInt(0x00280008, 1);
            pixels = java.util.Arrays.copyOf(pixels, (int) length); // without the pad byte of an odd length
            if (d.planar()) {
                pixels = interleave(pixels, d, ds.getInt(0x00280008, 1));
            }
            return new Reference(pixels, d.photometric());
        }
    }

    private static byte[] interleave(byte[] planar, ImageDescription d, int frames) {
        byte[] out = new byte[planar.length];
        int perFrame = (int) ((long) d.rows() * d.columns() * d.samplesPerPixel() * d.bytesPerSample());
        for (int f = 0; f < frames; f++) {
            byte[] one = java.util.Arrays.copyOfRange(planar, f * perFrame, (f + 1) * perFrame);
            for (int p = 0; p < d.rows() * d.columns(); p++) {
                for (int s = 0; s < d.samplesPerPixel(); s++) {
                    NativeSamples.put(out, f * perFrame / d.bytesPerSample() + p * d.samplesPerPixel() + s,
                            NativeSamples.get(one, d, p, s), d.bytesPerSample(), 0);
                }
            }
        }
        return out;
    }

    /** Decodes every frame of {@code c} with our decoder, concatenated; checks the photometric interpretation. */
    static byte[] decodeAll(Compressed c, String expectedPhotometric) throws Exception {
        FrameDecoder decoder = FrameCodecs.decoderFor(c.transferSyntaxUid()).orElseThrow();
        List<byte[]> frames = new ArrayList<>();
        for (byte[] f : c.frames()) {
            DecodedFrame d = decoder.decode(f, c.description());
            assertEquals(expectedPhotometric, d.description().photometric(), "photometric interpretation after decoding");
            assertTrue(!d.description().planar());
            frames.add(d.pixels());
        }
        return TestFiles.concat(frames);
    }

    /** Compares sample values as Bits Stored and Pixel Representation interpret them. */
    static Diff diff(byte[] ours, byte[] reference, ImageDescription d) {
        assertEquals(reference.length, ours.length, "decoded length");
        int n = ours.length / d.bytesPerSample();
        long max = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long delta = Math.abs(value(ours, i, d) - value(reference, i, d));
            max = Math.max(max, delta);
            sum += delta;
        }
        return new Diff(max, n == 0 ? 0 : sum / (double) n, n);
    }

    static long value(byte[] b, int i, ImageDescription d) {
        int raw = d.bytesPerSample() == 1 ? b[i] & 0xFF : (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
        int bits = d.bitsStored();
        int v = raw & (int) ((1L << bits) - 1);
        if (d.signed()) {
            v = (v << (32 - bits)) >> (32 - bits);
        }
        return v;
    }
}
