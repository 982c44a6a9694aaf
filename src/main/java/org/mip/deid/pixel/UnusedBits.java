package org.mip.deid.pixel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameCodecs;
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
            return WordRewrite.nativeData(file, pixels, bitsAllocated, (bytes, bigEndian) -> new Words(bits, bytes, bigEndian), spoolDir);
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "checking the bits outside Bits Stored failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ encapsulated

    private static boolean encapsulated(DicomFile file, FragmentsElement pixels, SampleBits bits, Path spoolDir, PixelCodecs codecs)
            throws RedactionException, IOException {
        String uid = file.transferSyntax().uid();
        PixelFormat format = PixelFormat.of(file.dataset());
        List<List<BulkData>> frames = WordRewrite.split(file, pixels, format, "the bits outside Bits Stored");
        if (WordRewrite.rewritable(uid)) {
            return WordRewrite.frames(file, pixels, frames, format, new Words(bits, bits.bitsAllocated() / 8, false), spoolDir);
        }
        checkCompressed(uid, frames, format, codecs);
        return false;
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
    private static final class Words implements WordRewrite.Rule {
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
        @Override
        public boolean clean() {
            return below == 0 && (above == 0 || bits.signed() && unlikeSign == 0);
        }

        @Override
        public void add(byte[] b, int n) {
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

        @Override
        public void normalise(byte[] b, int n) {
            for (int i = 0; i + bytes <= n; i += bytes) {
                put(b, i, bits.normal(get(b, i)));
            }
        }

        private long get(byte[] b, int i) {
            return WordRewrite.word(b, i, bytes, bigEndian);
        }

        private void put(byte[] b, int i, long w) {
            WordRewrite.putWord(b, i, bytes, bigEndian, w);
        }
    }
}
