package org.mip.deid.pixel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.RleCodec;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Clears the bits of every pixel word outside Bits Stored ({@link SampleBits}) before an instance is
 * written. Devices once drew overlays into those bits (a 12-bit CT or MR in 16-bit words with a name
 * label in bit 15, described by an Overlay Bit Position the profile removes); the scan reads only the
 * value, and a reader that does not mask the word shows the label. Every instance passes here, scanned
 * or not; one whose words are clean (nearly all) is only read.
 * <ul>
 * <li>native data, Encapsulated Uncompressed and RLE frames: unless every word keeps to one of
 *     {@link SampleBits}'s conventions, every word is written again with its value only (signed values
 *     sign-extended, so that no pattern of the old bits is left);</li>
 * <li>other compressed frames: a frame whose header codes no more bits than Bits Stored cannot hold
 *     anything there; otherwise the frames are decoded at the code-stream's precision and checked the
 *     same way, and one that holds something is refused ({@link Reason#REDACTION_BITS_OUTSIDE_STORED}):
 *     clearing it means coding it again.</li>
 * </ul>
 */
final class UnusedBits {
    private static final int CHUNK = 1 << 20; // a multiple of 4: a word never straddles two chunks
    /** The check reads the pixels of every instance held in a file: one buffer per thread rather than one per instance. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private UnusedBits() {
    }

    /** @return true when the pixel data was written again */
    static boolean clear(DicomFile file, Path spoolDir, PixelCodecs codecs) throws RedactionException {
        Dataset ds = file.dataset();
        Element pixels = ds.get(Tag.PIXEL_DATA);
        int bitsAllocated = ds.getInt(PixelFormat.BITS_ALLOCATED, 0);
        int bitsStored = ds.getInt(PixelFormat.BITS_STORED, bitsAllocated);
        if (pixels == null || bitsAllocated <= 0 || bitsStored >= bitsAllocated) {
            return false; // no word has bits besides its value
        }
        if (bitsAllocated % 8 != 0 || bitsAllocated > 32) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "Bits Allocated " + bitsAllocated
                    + " with Bits Stored " + bitsStored + ": the bits outside the values cannot be checked");
        }
        SampleBits bits;
        try {
            bits = new SampleBits(bitsAllocated, bitsStored, ds.getInt(PixelFormat.HIGH_BIT, bitsStored - 1),
                    ds.getInt(PixelFormat.PIXEL_REPRESENTATION, 0) == 1);
        } catch (IllegalArgumentException e) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, e.getMessage());
        }
        try {
            if (pixels instanceof FragmentsElement fragments) {
                return encapsulated(file, fragments, bits, spoolDir, codecs);
            }
            if (!(pixels instanceof ValueElement) && !(pixels instanceof BulkElement)) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Pixel Data is encoded as a sequence");
            }
            return nativeData(file, pixels, bits, spoolDir);
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "checking the bits outside Bits Stored failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ native

    private static boolean nativeData(DicomFile file, Element pixels, SampleBits bits, Path spoolDir)
            throws RedactionException, IOException {
        Dataset ds = file.dataset();
        int bytes = bits.bitsAllocated() / 8;
        boolean bigEndian = false;
        if (ds.bigEndian() && bytes > 1) {
            // Explicit VR Big Endian: OW is a stream of big-endian 16-bit words
            if (pixels.vr() != VR.OW || bytes != 2) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "big endian Pixel Data with VR "
                        + pixels.vr() + " and Bits Allocated " + bits.bitsAllocated() + " is not supported");
            }
            bigEndian = true;
        }
        Words words = new Words(bits, bytes, bigEndian);
        long length = PixelRedactor.length(pixels);
        if (pixels instanceof ValueElement v) {
            words.add(v.bytes(), v.length());
        } else {
            read(pixels, length, (b, n) -> {
                words.add(b, n);
                return words.clean(); // once not clean, never clean again
            });
        }
        if (words.clean()) {
            return false;
        }
        Element replacement;
        if (pixels instanceof ValueElement v) {
            byte[] b = v.bytes().clone();
            words.normalise(b, b.length);
            replacement = new ValueElement(pixels.tag(), pixels.vr(), b);
        } else {
            SpoolFile spool = PixelRedactor.spool(file, spoolDir);
            long start = spool.size();
            OutputStream out = spool.appender();
            read(pixels, length, (b, n) -> {
                words.normalise(b, n);
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

    // ------------------------------------------------------------------ encapsulated

    private static boolean encapsulated(DicomFile file, FragmentsElement pixels, SampleBits bits, Path spoolDir, PixelCodecs codecs)
            throws RedactionException, IOException {
        Dataset ds = file.dataset();
        String uid = file.transferSyntax().uid();
        PixelFormat format = PixelFormat.of(ds);
        List<List<BulkData>> frames;
        try {
            frames = EncapsulatedFrames.split(ds, pixels, format.frames());
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail() + " (needed to check the bits outside Bits Stored)", e);
        }
        boolean rle = uid.equals(TransferSyntax.RLE_LOSSLESS.uid());
        if (rle || uid.equals(PixelCodecs.ENCAPSULATED_UNCOMPRESSED)) {
            return rewritable(file, pixels, frames, format, bits, rle, spoolDir);
        }
        checkCompressed(uid, frames, format, codecs);
        return false;
    }

    /** RLE and Encapsulated Uncompressed: frames decoded (RLE) one at a time, checked, and written again when any holds something. */
    private static boolean rewritable(DicomFile file, FragmentsElement pixels, List<List<BulkData>> frames, PixelFormat format,
                                      SampleBits bits, boolean rle, Path spoolDir)
            throws RedactionException, IOException {
        Words words = new Words(bits, bits.bitsAllocated() / 8, false);
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

    /** Other compressed frames: nothing to do when each codes no more bits than Bits Stored; else decoded and checked. */
    private static void checkCompressed(String uid, List<List<BulkData>> frames, PixelFormat format, PixelCodecs codecs)
            throws RedactionException, IOException {
        CodestreamMetadata.Family family = CodestreamMetadata.familyOf(uid);
        boolean narrow = true;
        for (int i = 0; i < frames.size() && narrow; i++) {
            byte[] frame = EncapsulatedFrames.read(frames.get(i));
            int precision = switch (family) {
                case JPEG, JPEG_LS -> FrameCodecs.jpegPrecision(frame);
                case J2K -> FrameCodecs.jpeg2000Precision(frame);
                case NONE -> -1; // a syntax whose frames do not say: decoded
            };
            narrow = precision > 0 && precision <= format.bitsStored();
        }
        if (narrow) {
            return;
        }
        // decoded at the precision of the code-stream: a decoder asked for Bits Stored clamps the samples into it
        PixelFormat whole = new PixelFormat(format.rows(), format.columns(), format.samplesPerPixel(), format.bitsAllocated(),
                format.bitsAllocated(), format.bitsAllocated() - 1, format.signed(), format.planar(), format.photometric(),
                format.frames());
        PixelCodecs.Decoder decoder = codecs.decoder(TransferSyntax.of(uid));
        PixelFormat decoded = decoder.decodedFormat(whole);
        // the codecs return values right-aligned: the value is the low Bits Stored bits of each word
        SampleBits bits = new SampleBits(decoded.bitsAllocated(), format.bitsStored(), format.bitsStored() - 1, format.signed());
        Words words = new Words(bits, bits.bitsAllocated() / 8, false);
        for (int i = 0; i < frames.size(); i++) {
            byte[] raw = decoder.decode(EncapsulatedFrames.read(frames.get(i)), whole, i);
            words.add(raw, raw.length);
            if (!words.clean()) {
                throw new RedactionException(Reason.REDACTION_BITS_OUTSIDE_STORED, "frame " + (i + 1) + " of " + frames.size()
                        + " holds data in the bits outside Bits Stored (" + format.bitsStored() + " of " + format.bitsAllocated()
                        + "; an overlay drawn into the pixel words is one such): in " + TransferSyntax.of(uid)
                        + " they are cleared only by coding the frames again, which is not done here");
            }
        }
    }

    /**
     * What the words of one pixel data element hold besides their values, gathered over all of them
     * ({@link #add} chunk by chunk, frame by frame), and their rewriting. Every instance with Bits Stored
     * under Bits Allocated is read here, so the gathering must cost little at the JIT's first tier too
     * (the short commands run without the second): 16-bit words are read four to a long.
     */
    private static final class Words {
        private static final long LANES = 0x0001_0001_0001_0001L;

        private final SampleBits bits;
        private final int bytes;
        private final boolean bigEndian;
        private long above;      // bits set above a value, in any word
        private long unlikeSign; // bits above a value that differ from its sign extension, in any word
        private long below;      // bits set below a value, in any word

        Words(SampleBits bits, int bytes, boolean bigEndian) {
            this.bits = bits;
            this.bytes = bytes;
            this.bigEndian = bigEndian;
        }

        /** Nothing below any value, and above every value nothing or (signed) its sign extension: one way for all. */
        boolean clean() {
            return below == 0 && (above == 0 || bits.signed() && unlikeSign == 0);
        }

        void add(byte[] b, int n) {
            int end = n - n % bytes;
            int i = 0;
            if (bytes == 2) {
                long aboveLanes = LANES * bits.aboveMask();
                long belowLanes = LANES * bits.belowMask();
                LongBuffer words = ByteBuffer.wrap(b, 0, end).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                        .asLongBuffer();
                int count = words.remaining();
                if (!bits.signed()) { // a loop of its own: most of the words checked, at half the cost
                    long set = 0;
                    for (int k = 0; k < count; k++) {
                        set |= words.get(k) & (aboveLanes | belowLanes);
                    }
                    above |= set & aboveLanes;
                    below |= set & belowLanes;
                } else {
                    long fill = bits.aboveMask() >>> (bits.highBit() + 1); // the bits above a value, at the bottom of a lane
                    for (int k = 0; k < count; k++) {
                        long w = words.get(k);
                        above |= w & aboveLanes;
                        below |= w & belowLanes;
                        unlikeSign |= (w & aboveLanes) ^ (((w >>> bits.highBit()) & LANES) * fill << (bits.highBit() + 1));
                    }
                }
                i = count * 8;
            }
            for (; i < end; i += bytes) { // other word sizes, and the last 16-bit words (fewer than four)
                long w = get(b, i);
                above |= w & bits.aboveMask();
                below |= w & bits.belowMask();
                unlikeSign |= (w & bits.aboveMask()) ^ bits.extension(w);
            }
        }

        void normalise(byte[] b, int n) {
            for (int i = 0; i + bytes <= n; i += bytes) {
                put(b, i, bits.normal(get(b, i)));
            }
        }

        private long get(byte[] b, int i) {
            long w = 0;
            for (int k = 0; k < bytes; k++) {
                int shift = 8 * (bigEndian ? bytes - 1 - k : k);
                w |= (long) (b[i + k] & 0xFF) << shift;
            }
            return w;
        }

        private void put(byte[] b, int i, long w) {
            for (int k = 0; k < bytes; k++) {
                int shift = 8 * (bigEndian ? bytes - 1 - k : k);
                b[i + k] = (byte) (w >>> shift);
            }
        }
    }
}
