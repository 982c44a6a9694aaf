package org.mip.deid.pixel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.mip.deid.pixel.RedactionException.Reason;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.DicomException;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncapsulatedFrames;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;

/**
 * Redaction of compressed pixel data other than RLE: every frame is decoded, blanked and encoded
 * again, one frame in memory at a time, into the syntax {@link OutputChoice} picks (JPEG Lossless
 * by default, so a lossy input gets no second lossy generation). The file changes with it:
 * <ul>
 * <li>its transfer syntax ({@link DicomFile#setTransferSyntax});</li>
 * <li>Photometric Interpretation and Planar Configuration, to what the frames now are (a YBR_FULL_422
 *     JPEG decodes to RGB);</li>
 * <li>Lossy Image Compression (0028,2110) 01 when the input was lossy, with its ratio and method
 *     if the input did not record them, plus the new step's when the output is lossy (PS3.3 C.7.6.1.1.5).</li>
 * </ul>
 * Every frame is re-encoded, blanked or not, since one file has one transfer syntax; each frame is
 * blanked with its own rectangles.
 */
final class Transcoder {
    private static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    private static final int PLANAR_CONFIGURATION = 0x00280006;
    private static final int HIGH_BIT = 0x00280102;

    private final PixelCodecs codecs;
    private final Path spoolDir;

    Transcoder(PixelCodecs codecs, Path spoolDir) {
        this.codecs = codecs;
        this.spoolDir = spoolDir;
    }

    RedactionResult redact(DicomFile file, FragmentsElement pixels, PixelFormat declared, PixelCodecs.Decoder decoder,
                           List<Rectangle> rectangles, IntFunction<List<Rectangle>> perFrame, OutputChoice output)
            throws RedactionException, IOException {
        Dataset ds = file.dataset();
        PixelFormat decoded = decoder.decodedFormat(declared);
        FrameLayout layout = new FrameLayout(decoded, decoded.blankWords(ds), false);
        List<Rectangle> applied = layout.clip(rectangles);
        if (applied.isEmpty()) {
            return new RedactionResult(declared.frames(), List.of());
        }
        IntFunction<List<Rectangle>> clipped = PixelRedactor.clippedPerFrame(layout, perFrame);
        List<List<BulkData>> frames;
        try {
            frames = EncapsulatedFrames.split(ds, pixels, declared.frames());
        } catch (DicomException e) {
            throw new RedactionException(Reason.REDACTION_PIXEL_DATA_INVALID, e.detail(), e);
        }
        TransferSyntax source = file.transferSyntax();
        boolean sourceLossy = false;
        long compressedBytes = 0;
        SpoolFile spool = PixelRedactor.spool(file, spoolDir);
        PixelCodecs.Encoder encoder = null;
        List<BulkData> written = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] compressed = EncapsulatedFrames.read(frames.get(i));
            compressedBytes += compressed.length;
            if (i == 0) {
                sourceLossy = decoder.lossy(compressed) || "01".equals(ds.getString(LossyMarks.LOSSY_IMAGE_COMPRESSION));
                encoder = codecs.encoder(output.lossy() && sourceLossy ? output : OutputChoice.LOSSLESS, decoded);
            }
            byte[] raw = decoder.decode(compressed, declared, i);
            layout.blank(raw, 0, raw.length, 0, 1, clipped.apply(i));
            written.add(spool.append(encoder.encode(raw, decoded, i)));
        }
        EncapsulatedFrames.install(ds, pixels.tag(), pixels.vr(), written);

        String photometric = encoder.photometric(decoded);
        if (!photometric.equals(declared.photometric())) {
            ds.setString(PHOTOMETRIC_INTERPRETATION, VR.CS, photometric);
        }
        if (decoded.samplesPerPixel() > 1) {
            ds.setInts(PLANAR_CONFIGURATION, VR.US, 0);
        }
        if (decoded.highBit() != declared.highBit()) {
            ds.setInts(HIGH_BIT, VR.US, decoded.highBit()); // the codecs return the value right-aligned
        }
        if (sourceLossy) {
            long uncompressed = (long) decoded.rows() * decoded.columns() * decoded.samplesPerPixel()
                    * decoded.bytesPerSample() * declared.frames();
            LossyMarks.recordSource(ds, decoder.lossyMethod(), ratio(uncompressed, compressedBytes));
            if (encoder.lossy()) {
                long out = written.stream().mapToLong(BulkData::length).sum();
                LossyMarks.recordStep(ds, encoder.lossyMethod(), ratio(uncompressed, out));
            }
        }
        file.setTransferSyntax(encoder.syntax());
        PixelRedactor.widenValueRange(ds, decoded);
        return new RedactionResult(declared.frames(), applied);
    }

    private static double ratio(long uncompressed, long compressed) {
        return compressed <= 0 ? 1 : uncompressed / (double) compressed;
    }
}
