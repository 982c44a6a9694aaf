package org.mip.deid.pixel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.ValueElement;

/**
 * The frames of a file's Pixel Data, one at a time, as native samples: little endian in Bits
 * Allocated, in the layout {@link #format()} gives (which, for a decoded colour JPEG, is RGB rather
 * than the header's YBR_FULL_422). Reads are random access, so a scan can read a sample of the
 * frames and a check another. Memory: one frame (plus its compressed bytes).
 */
final class FrameSource {
    /** Largest decoded frame read into memory (a 16-bit 8k x 8k frame is 128 MiB; bigger is refused). */
    static final long MAX_FRAME_BYTES = 256L << 20;

    private final PixelFormat declared;
    private final PixelFormat format;
    private final Reader reader;

    private interface Reader {
        byte[] read(int index) throws RedactionException, IOException;
    }

    private FrameSource(PixelFormat declared, PixelFormat format, Reader reader) {
        this.declared = declared;
        this.format = format;
        this.reader = reader;
    }

    /** Opens the file's Pixel Data as it is now (read again after a redaction, it gives the redacted frames). */
    static FrameSource open(DicomFile file, PixelCodecs codecs) throws RedactionException {
        PixelFormat declared = PixelFormat.of(file.dataset());
        Element pixels = file.dataset().get(Tag.PIXEL_DATA);
        if (pixels == null) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "no Pixel Data (7FE0,0010)");
        }
        TransferSyntax ts = file.transferSyntax();
        if (pixels instanceof FragmentsElement fragments) {
            PixelCodecs.Decoder decoder = codecs.decoder(ts);
            PixelFormat decoded = decoder.decodedFormat(declared);
            checkFrameSize(decoded);
            List<List<BulkData>> frames;
            try {
                frames = EncapsulatedFrames.split(file.dataset(), fragments, declared.frames());
            } catch (DicomException e) {
                throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail(), e);
            }
            return new FrameSource(declared, decoded, index -> {
                byte[] compressed = EncapsulatedFrames.read(frames.get(index));
                return decoder.decode(compressed, declared, index);
            });
        }
        if (ts.encapsulated()) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID,
                    "Pixel Data is not encapsulated although the transfer syntax is " + ts);
        }
        checkFrameSize(declared);
        long frameLength = declared.frameLength();
        long length = pixels instanceof ValueElement v ? v.length()
                : pixels instanceof BulkElement b ? b.data().length() : -1;
        if (length < frameLength * declared.frames() || length > frameLength * declared.frames() + 1) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, "Pixel Data holds " + length + " bytes where "
                    + declared.frames() + " frames of " + declared.rows() + "x" + declared.columns() + " need "
                    + frameLength * declared.frames());
        }
        boolean bigEndian = file.dataset().bigEndian();
        if (bigEndian && !(pixels.vr() == VR.OW && declared.bytesPerSample() <= 2
                || pixels.vr() == VR.OB && declared.bytesPerSample() == 1)) {
            throw new RedactionException(Reason.REDACTION_UNSUPPORTED_PIXEL_FORMAT, "big endian Pixel Data with VR "
                    + pixels.vr() + " and Bits Allocated " + declared.bitsAllocated() + " is not supported");
        }
        // Explicit VR Big Endian OW: 16-bit samples are big endian; 8-bit samples are swapped in pairs
        // across the whole value (frame lengths are even or there is one frame, so pairs never straddle frames
        // but for an odd frame length: handled by reading from the even position below).
        boolean swap = bigEndian && pixels.vr() == VR.OW && declared.bytesPerSample() <= 2;
        int unit = declared.bytesPerSample() == 1 ? 2 : declared.bytesPerSample();
        return new FrameSource(declared, declared, index -> {
            long start = index * frameLength;
            long alignedStart = swap ? start & ~1L : start;
            int lead = (int) (start - alignedStart);
            int readLength = (int) Math.min(length - alignedStart, frameLength + lead + (swap ? 1 : 0));
            byte[] raw = new byte[readLength];
            try (InputStream in = open(pixels)) {
                in.skipNBytes(alignedStart);
                in.readNBytes(raw, 0, readLength);
            }
            if (swap) {
                swapUnits(raw, unit);
            }
            if (lead == 0 && raw.length == frameLength) {
                return raw;
            }
            byte[] frame = new byte[(int) frameLength];
            System.arraycopy(raw, lead, frame, 0, (int) frameLength);
            return frame;
        });
    }

    private static void checkFrameSize(PixelFormat f) throws RedactionException {
        long bytes = (long) f.rows() * f.columns() * f.samplesPerPixel() * f.bytesPerSample();
        if (bytes > MAX_FRAME_BYTES) {
            throw new RedactionException(Reason.REDACTION_IMAGE_TOO_LARGE, "a frame of " + f.rows() + "x" + f.columns()
                    + "x" + f.samplesPerPixel() + " samples of " + f.bitsAllocated() + " bits is " + bytes
                    + " bytes; frames over " + MAX_FRAME_BYTES + " bytes are not scanned");
        }
    }

    /** The Image Pixel attributes of the file. */
    PixelFormat declared() {
        return declared;
    }

    /** The layout of the frames {@link #read} returns. */
    PixelFormat format() {
        return format;
    }

    int frames() {
        return declared.frames();
    }

    /** Frame {@code index} (0-based) as native little endian samples. */
    byte[] read(int index) throws RedactionException {
        try {
            return reader.read(index);
        } catch (IOException e) {
            throw new RedactionException(Reason.REDACTION_IO_ERROR, "frame " + (index + 1) + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(Element e) throws IOException {
        return e instanceof ValueElement v ? new ByteArrayInputStream(v.bytes()) : ((BulkElement) e).data().openStream();
    }

    private static void swapUnits(byte[] b, int unit) {
        for (int i = 0; i + unit <= b.length; i += unit) {
            for (int a = i, z = i + unit - 1; a < z; a++, z--) {
                byte t = b[a];
                b[a] = b[z];
                b[z] = t;
            }
        }
    }
}
