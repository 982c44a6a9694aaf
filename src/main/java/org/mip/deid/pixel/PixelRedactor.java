package org.mip.deid.pixel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.deid.profile.RedactionRule;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.codec.FrameFormat;
import org.mip.dicom.codec.RleCodec;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * Blanks rectangles in every frame of a file's Pixel Data (7FE0,0010), or each frame's own
 * ({@link FrameRegions}), replacing the element.
 *
 * <ul>
 * <li>Native pixel data (any transfer syntax that is not encapsulated, deflated included) streams
 *     through a 1 MiB buffer into a spool file: memory stays flat whatever the size.</li>
 * <li>RLE Lossless: each frame is decoded, blanked and re-encoded (one fragment per frame, offset
 *     table rebuilt); one frame at a time is held in memory.</li>
 * <li>Encapsulated Uncompressed: streamed frame by frame like native data.</li>
 * <li>Any other encapsulated syntax is refused with {@link Reason#REDACTION_UNSUPPORTED_SYNTAX}:
 *     we cannot blank it without a lossy round trip or a codec we do not have.</li>
 * </ul>
 * The new bulk value lives in a spool file tied to the {@link DicomFile} (deleted when it closes).
 */
public final class PixelRedactor {
    private static final int CHUNK = 1 << 20; // even, so 16-bit words never straddle two chunks
    private static final String ENCAPSULATED_UNCOMPRESSED = "1.2.840.10008.1.2.1.98";
    private static final int SMALLEST_IMAGE_PIXEL_VALUE = 0x00280106;
    private static final int LARGEST_IMAGE_PIXEL_VALUE = 0x00280107;

    private final Path spoolDir;
    private final PixelCodecs codecs;

    /** Spools to java.io.tmpdir. */
    public PixelRedactor() {
        this(null);
    }

    /** Spools to {@code spoolDir} (null: java.io.tmpdir). */
    public PixelRedactor(Path spoolDir) {
        this(spoolDir, PixelCodecs.STANDARD);
    }

    PixelRedactor(Path spoolDir, PixelCodecs codecs) {
        this.spoolDir = spoolDir;
        this.codecs = codecs;
    }

    Path spoolDir() {
        return spoolDir;
    }

    /**
     * The rectangles of every rule whose conditions match {@code dataset}. All matching rules
     * apply (their union), not only the first: blanking too much is the safe side.
     */
    public static List<Rectangle> rectanglesFor(List<RedactionRule> rules, Dataset dataset) {
        Set<Rectangle> out = new LinkedHashSet<>();
        for (RedactionRule rule : RedactionRule.matching(rules, dataset)) {
            out.addAll(rule.rectangles());
        }
        return List.copyOf(out);
    }

    /**
     * Blanks {@code rectangles} (pixel coordinates, cut to the image) in every frame.
     *
     * @return what was blanked; {@link RedactionResult#redacted()} is false when there is no Pixel
     *         Data or no rectangle touches the image (then nothing is changed)
     * @throws RedactionException when the pixels need blanking but cannot be (the instance must be refused)
     */
    public RedactionResult redact(DicomFile file, List<Rectangle> rectangles) throws RedactionException {
        return redact(file, rectangles, OutputChoice.LOSSLESS);
    }

    /**
     * As {@link #redact(DicomFile, List)}; compressed frames other than RLE are decoded, blanked and
     * written in the syntax {@code output} chooses (the file's transfer syntax and Image Pixel
     * attributes change with them: see {@link Transcoder}).
     */
    RedactionResult redact(DicomFile file, List<Rectangle> rectangles, OutputChoice output) throws RedactionException {
        return redact(file, rectangles, f -> rectangles, output);
    }

    /** As {@link #redact(DicomFile, List, OutputChoice)}, each frame with its own regions. */
    RedactionResult redact(DicomFile file, FrameRegions regions, OutputChoice output) throws RedactionException {
        return redact(file, regions.union(), regions::rectanglesIn, output);
    }

    /**
     * @param rectangles every rectangle blanked in some frame
     * @param perFrame   those blanked in frame f (0-based)
     */
    private RedactionResult redact(DicomFile file, List<Rectangle> rectangles, IntFunction<List<Rectangle>> perFrame,
                                   OutputChoice output) throws RedactionException {
        Dataset ds = file.dataset();
        if (rectangles.isEmpty()) {
            return RedactionResult.NOTHING;
        }
        Element pixels = ds.get(Tag.PIXEL_DATA);
        if (pixels == null) {
            if (ds.contains(Tag.FLOAT_PIXEL_DATA) || ds.contains(Tag.DOUBLE_FLOAT_PIXEL_DATA)) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT,
                        "Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009) are not supported");
            }
            return RedactionResult.NOTHING;
        }
        TransferSyntax ts = file.transferSyntax();
        if (pixels instanceof FragmentsElement && !redactable(ts)) {
            if (!touchesImage(ds, rectangles)) {
                return RedactionResult.NOTHING;
            }
            // Refuse on the syntax before judging the Image Pixel attributes: that is the reason to report.
            PixelCodecs.Decoder decoder = codecs.decoder(ts);
            PixelFormat format = PixelFormat.of(ds);
            try {
                return new Transcoder(codecs, spoolDir).redact(file, (FragmentsElement) pixels, format, decoder, rectangles, perFrame,
                        output);
            } catch (IOException e) {
                throw new RedactionException(Reason.REDACTION_IO_ERROR, "redaction failed: " + e.getMessage(), e);
            }
        }
        PixelFormat format = PixelFormat.of(ds);
        try {
            if (pixels instanceof FragmentsElement fragments) {
                return redactEncapsulated(file, ts, fragments, format, rectangles, perFrame);
            }
            if (!(pixels instanceof ValueElement) && !(pixels instanceof BulkElement)) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Pixel Data is encoded as a sequence");
            }
            if (ts.encapsulated()) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID,
                        "Pixel Data is not encapsulated although the transfer syntax is " + ts);
            }
            return redactNative(file, pixels, format, rectangles, perFrame);
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "redaction failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ native

    private RedactionResult redactNative(DicomFile file, Element pixels, PixelFormat format, List<Rectangle> rectangles,
                                         IntFunction<List<Rectangle>> perFrame) throws RedactionException, IOException {
        Dataset ds = file.dataset();
        int bps = format.bytesPerSample();
        boolean bigEndianSamples = false;
        boolean swapWords = false;
        if (ds.bigEndian()) {
            // Explicit VR Big Endian: OW is a stream of big-endian 16-bit words. 8-bit pixels in OW
            // are therefore swapped in pairs across the whole value (not per frame); OB is a byte stream.
            if (pixels.vr() == VR.OW && bps == 1) {
                swapWords = true;
            } else if (pixels.vr() == VR.OW && bps == 2) {
                bigEndianSamples = true;
            } else if (!(pixels.vr() == VR.OB && bps == 1)) {
                throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "big endian Pixel Data with VR "
                        + pixels.vr() + " and Bits Allocated " + format.bitsAllocated() + " is not supported");
            }
        }
        FrameLayout layout = new FrameLayout(format, format.blankWords(ds), bigEndianSamples);
        List<Rectangle> applied = layout.clip(rectangles);
        if (applied.isEmpty()) {
            return new RedactionResult(format.frames(), List.of());
        }
        IntFunction<List<Rectangle>> clipped = clippedPerFrame(layout, perFrame);
        long length = length(pixels);
        long needed = layout.frameLength() * format.frames();
        checkLength(length, needed, format.frames() + " frames of " + format.rows() + "x" + format.columns());
        Element replacement;
        try (InputStream in = open(pixels)) {
            if (pixels instanceof ValueElement) {
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
                stream(in, length, out, layout, format.frames(), clipped, swapWords, 0);
                replacement = new ValueElement(pixels.tag(), pixels.vr(), out.toByteArray());
            } else {
                SpoolFile spool = spool(file);
                long start = spool.size();
                stream(in, length, spool.appender(), layout, format.frames(), clipped, swapWords, 0);
                replacement = new BulkElement(pixels.tag(), pixels.vr(), spool.region(start));
            }
        }
        ds.put(replacement);
        widenValueRange(ds, format);
        return new RedactionResult(format.frames(), applied);
    }

    /** Copies {@code length} bytes through a fixed buffer, blanking on the way; {@code pos} is the first byte's place in the frames. */
    private static void stream(InputStream in, long length, OutputStream out, FrameLayout layout, long frames,
                               IntFunction<List<Rectangle>> clipped, boolean swapWords, long pos) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(2, length))];
        long done = 0;
        while (done < length) {
            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, length - done));
            if (n <= 0) {
                throw new IOException("pixel data ended after " + done + " of " + length + " bytes");
            }
            if (swapWords) {
                swapPairs(buf, n);
            }
            layout.blank(buf, 0, n, pos + done, frames, clipped);
            if (swapWords) {
                swapPairs(buf, n);
            }
            out.write(buf, 0, n);
            done += n;
        }
    }

    private static void swapPairs(byte[] b, int n) {
        for (int i = 0; i + 1 < n; i += 2) {
            byte t = b[i];
            b[i] = b[i + 1];
            b[i + 1] = t;
        }
    }

    // ------------------------------------------------------------------ encapsulated

    private RedactionResult redactEncapsulated(DicomFile file, TransferSyntax ts, FragmentsElement pixels, PixelFormat format,
                                               List<Rectangle> rectangles, IntFunction<List<Rectangle>> perFrame)
            throws RedactionException, IOException {
        boolean rle = ts.uid().equals(TransferSyntax.RLE_LOSSLESS.uid());
        Dataset ds = file.dataset();
        FrameLayout layout = new FrameLayout(format, format.blankWords(ds), false);
        List<Rectangle> applied = layout.clip(rectangles);
        if (applied.isEmpty()) {
            return new RedactionResult(format.frames(), List.of());
        }
        IntFunction<List<Rectangle>> clipped = clippedPerFrame(layout, perFrame);
        if (rle && format.subsampled()) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PHOTOMETRIC, "YBR_FULL_422 is not valid with RLE Lossless");
        }
        List<List<BulkData>> frames;
        try {
            frames = EncapsulatedFrames.split(ds, pixels, format.frames());
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail(), e);
        }
        SpoolFile spool = spool(file);
        List<BulkData> redacted = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            redacted.add(rle ? rleFrame(frames.get(i), format, layout, clipped.apply(i), spool, i)
                    : uncompressedFrame(frames.get(i), layout, clipped.apply(i), spool, i));
        }
        EncapsulatedFrames.install(ds, pixels.tag(), pixels.vr(), redacted);
        widenValueRange(ds, format);
        return new RedactionResult(format.frames(), applied);
    }

    private static BulkData rleFrame(List<BulkData> fragments, PixelFormat format, FrameLayout layout, List<Rectangle> applied,
                                     SpoolFile spool, int index) throws RedactionException, IOException {
        FrameFormat frameFormat = format.frameFormat();
        try {
            byte[] raw = RleCodec.decodeFrame(EncapsulatedFrames.read(fragments), frameFormat);
            layout.blank(raw, 0, raw.length, 0, 1, applied);
            return spool.append(RleCodec.encodeFrame(raw, frameFormat));
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "frame " + (index + 1) + ": " + e.detail(), e);
        }
    }

    private static BulkData uncompressedFrame(List<BulkData> fragments, FrameLayout layout, List<Rectangle> applied,
                                              SpoolFile spool, int index) throws RedactionException, IOException {
        long length = 0;
        List<InputStream> streams = new ArrayList<>();
        for (BulkData f : fragments) {
            length += f.length();
            streams.add(f.openStream());
        }
        checkLength(length, layout.frameLength(), "frame " + (index + 1));
        long start = spool.size();
        try (InputStream in = new SequenceInputStream(Collections.enumeration(streams))) {
            stream(in, length, spool.appender(), layout, 1, f -> applied, false, 0);
        }
        return spool.region(start);
    }

    // ------------------------------------------------------------------ helpers

    /** Frame f's rectangles cut as {@link FrameLayout#clip} cuts them, once per frame. */
    static IntFunction<List<Rectangle>> clippedPerFrame(FrameLayout layout, IntFunction<List<Rectangle>> perFrame) {
        Map<Integer, List<Rectangle>> done = new HashMap<>();
        return f -> done.computeIfAbsent(f, k -> layout.clip(perFrame.apply(k)));
    }

    private static boolean redactable(TransferSyntax ts) {
        return ts.uid().equals(TransferSyntax.RLE_LOSSLESS.uid()) || ts.uid().equals(ENCAPSULATED_UNCOMPRESSED);
    }

    /** Whether any rectangle starts inside Rows x Columns (unknown size: assume it does). */
    private static boolean touchesImage(Dataset ds, List<Rectangle> rectangles) {
        int rows = ds.getInt(PixelFormat.ROWS, Integer.MAX_VALUE);
        int columns = ds.getInt(PixelFormat.COLUMNS, Integer.MAX_VALUE);
        return rectangles.stream().anyMatch(r -> r.x() < columns && r.y() < rows);
    }

    /**
     * The value must hold exactly what the Image Pixel attributes describe (plus one pad byte):
     * fewer bytes is corrupt, and more could be pixels no rectangle was applied to, published unseen.
     */
    private static void checkLength(long length, long needed, String what) throws RedactionException {
        if (length < needed || length > needed + 1) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Pixel Data holds " + length + " bytes where "
                    + what + " need " + needed);
        }
    }

    /** Keeps Smallest/Largest Image Pixel Value (0028,0106/0107) true of grayscale pixels that now include the blank. */
    static void widenValueRange(Dataset ds, PixelFormat format) {
        if (!format.photometric().startsWith("MONOCHROME")) {
            return;
        }
        long blank = format.blankValue();
        if (blank < Short.MIN_VALUE || blank > 0xFFFF) {
            return;
        }
        if (ds.get(SMALLEST_IMAGE_PIXEL_VALUE) instanceof ValueElement v && (v.vr() == VR.US || v.vr() == VR.SS)
                && blank < ds.getInt(SMALLEST_IMAGE_PIXEL_VALUE, Integer.MIN_VALUE)) {
            ds.setInts(SMALLEST_IMAGE_PIXEL_VALUE, v.vr(), (int) blank);
        }
        if (ds.get(LARGEST_IMAGE_PIXEL_VALUE) instanceof ValueElement v && (v.vr() == VR.US || v.vr() == VR.SS)
                && blank > ds.getInt(LARGEST_IMAGE_PIXEL_VALUE, Integer.MAX_VALUE)) {
            ds.setInts(LARGEST_IMAGE_PIXEL_VALUE, v.vr(), (int) blank);
        }
    }

    static SpoolFile spool(DicomFile file, Path spoolDir) throws IOException {
        SpoolFile spool = new SpoolFile(spoolDir);
        file.addResource(spool);
        return spool;
    }

    private SpoolFile spool(DicomFile file) throws IOException {
        return spool(file, spoolDir);
    }

    static long length(Element e) {
        return e instanceof ValueElement v ? v.length() : ((BulkElement) e).data().length();
    }

    static InputStream open(Element e) throws IOException {
        return e instanceof ValueElement v ? new ByteArrayInputStream(v.bytes()) : ((BulkElement) e).data().openStream();
    }
}
