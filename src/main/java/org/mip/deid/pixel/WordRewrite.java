package org.mip.deid.pixel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.DicomException;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.RleCodec;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * The pixel words of an instance read through a {@link Rule} and, only when the rule finds a word to
 * change, written again through it: native data (any byte order, held in memory or in the file) and
 * the frames of Encapsulated Uncompressed and RLE, one frame in memory at a time. The checks that
 * make every output carry nothing but what its display shows ({@link UnusedBits}, {@link PaletteIndices})
 * share it; one whose words are clean (nearly all) is only read.
 */
final class WordRewrite {
    private static final int CHUNK = 1 << 20; // a multiple of 4: a word never straddles two chunks
    /** Every instance held in a file is read here: one buffer per thread rather than one per instance. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private WordRewrite() {
    }

    /** What one check gathers over all the words of an instance, and how it writes a word again. */
    interface Rule {
        /** Takes the words of {@code b[0..n)} ({@code n} a multiple of the word size), chunk by chunk, frame by frame. */
        void add(byte[] b, int n);

        /** Whether no word taken so far needs writing again. */
        boolean clean();

        /** Writes the words of {@code b[0..n)} again, in place. */
        void normalise(byte[] b, int n);
    }

    /** A rule for words of {@code bytes} bytes in the given byte order. */
    interface RuleFactory {
        Rule rule(int bytes, boolean bigEndian);
    }

    /** Native pixel data: @return true when it was written again */
    static boolean nativeData(DicomFile file, Element pixels, int bitsAllocated, RuleFactory rules, Path spoolDir)
            throws RedactionException, IOException {
        Dataset ds = file.dataset();
        int bytes = bitsAllocated / 8;
        boolean bigEndian = false;
        if (ds.bigEndian() && bytes > 1) {
            // Explicit VR Big Endian: OW is a stream of big-endian 16-bit words
            if (pixels.vr() != VR.OW || bytes != 2) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "big endian Pixel Data with VR "
                        + pixels.vr() + " and Bits Allocated " + bitsAllocated + " is not supported");
            }
            bigEndian = true;
        }
        Rule words = rules.rule(bytes, bigEndian);
        long length = PixelRedactor.length(pixels);
        if (pixels instanceof ValueElement v) {
            words.add(v.bytes(), v.length() - v.length() % bytes);
        } else {
            read(pixels, length, (b, n) -> {
                words.add(b, n - n % bytes);
                return words.clean(); // once not clean, never clean again
            });
        }
        if (words.clean()) {
            return false;
        }
        Element replacement;
        if (pixels instanceof ValueElement v) {
            byte[] b = v.bytes().clone();
            words.normalise(b, b.length - b.length % bytes);
            replacement = new ValueElement(pixels.tag(), pixels.vr(), b);
        } else {
            SpoolFile spool = PixelRedactor.spool(file, spoolDir);
            long start = spool.size();
            OutputStream out = spool.appender();
            read(pixels, length, (b, n) -> {
                words.normalise(b, n - n % bytes);
                out.write(b, 0, n);
                return true;
            });
            replacement = new BulkElement(pixels.tag(), pixels.vr(), spool.region(start));
        }
        ds.put(replacement);
        return true;
    }

    /** What is done with each chunk of pixel data read; false stops the reading. */
    private interface Chunk {
        boolean take(byte[] bytes, int n) throws IOException;
    }

    /** Reads {@code length} bytes of {@code pixels} a chunk at a time through this thread's buffer. */
    private static void read(Element pixels, long length, Chunk each) throws IOException {
        byte[] buf = BUFFER.get();
        try (InputStream in = PixelRedactor.open(pixels)) {
            for (long done = 0; done < length; ) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, length - done));
                if (n <= 0) {
                    throw new IOException("pixel data ended after " + done + " of " + length + " bytes");
                }
                if (!each.take(buf, n)) {
                    return;
                }
                done += n;
            }
        }
    }

    /** Whether frames of this transfer syntax are rewritten here ({@link #frames}): RLE and Encapsulated Uncompressed. */
    static boolean rewritable(String transferSyntaxUid) {
        return transferSyntaxUid.equals(TransferSyntax.RLE_LOSSLESS.uid()) || transferSyntaxUid.equals(PixelCodecs.ENCAPSULATED_UNCOMPRESSED);
    }

    /** The frames of encapsulated {@code pixels}; one that cannot be split is refused, saying it was needed to check {@code what}. */
    static List<List<BulkData>> split(DicomFile file, FragmentsElement pixels, PixelFormat format, String what)
            throws RedactionException {
        try {
            return EncapsulatedFrames.split(file.dataset(), pixels, format.frames());
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail() + " (needed to check " + what + ")", e);
        }
    }

    /**
     * RLE and Encapsulated Uncompressed frames (little-endian words; {@link #rewritable}): decoded (RLE)
     * one at a time, checked, and all written again (RLE coded again) when any holds a word to change.
     *
     * @return true when they were written again
     */
    static boolean frames(DicomFile file, FragmentsElement pixels, List<List<BulkData>> frames, PixelFormat format,
                          Rule words, Path spoolDir) throws RedactionException, IOException {
        boolean rle = file.transferSyntax().uid().equals(TransferSyntax.RLE_LOSSLESS.uid());
        for (int i = 0; i < frames.size() && words.clean(); i++) {
            byte[] raw = raw(frames.get(i), format, rle, i);
            words.add(raw, raw.length);
        }
        if (words.clean()) {
            return false;
        }
        SpoolFile spool = PixelRedactor.spool(file, spoolDir);
        List<BulkData> written = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] raw = raw(frames.get(i), format, rle, i);
            words.normalise(raw, raw.length);
            try {
                written.add(spool.append(rle ? RleCodec.encodeFrame(raw, format.frameFormat()) : raw));
            } catch (DicomException e) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (i + 1) + ": " + e.detail(), e);
            }
        }
        EncapsulatedFrames.install(file.dataset(), pixels.tag(), pixels.vr(), written);
        return true;
    }

    /** The word of {@code bytes} bytes at {@code b[i]}, in the given byte order, unsigned. */
    static long word(byte[] b, int i, int bytes, boolean bigEndian) {
        if (bytes == 1) { // the common sizes without the loop: palette indices are read one by one
            return b[i] & 0xFF;
        }
        if (bytes == 2) {
            return bigEndian ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
        }
        long w = 0;
        for (int k = 0; k < bytes; k++) {
            int shift = 8 * (bigEndian ? bytes - 1 - k : k);
            w |= (long) (b[i + k] & 0xFF) << shift;
        }
        return w;
    }

    /** Writes {@code w} as the word of {@code bytes} bytes at {@code b[i]}, in the given byte order. */
    static void putWord(byte[] b, int i, int bytes, boolean bigEndian, long w) {
        for (int k = 0; k < bytes; k++) {
            int shift = 8 * (bigEndian ? bytes - 1 - k : k);
            b[i + k] = (byte) (w >>> shift);
        }
    }

    private static byte[] raw(List<BulkData> fragments, PixelFormat format, boolean rle, int index)
            throws RedactionException, IOException {
        byte[] frame = EncapsulatedFrames.read(fragments);
        if (!rle) {
            return frame;
        }
        try {
            return RleCodec.decodeFrame(frame, format.frameFormat());
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (index + 1) + ": " + e.detail(), e);
        }
    }
}
