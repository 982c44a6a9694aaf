package org.mip.deid.pixel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Random;
import org.mip.deid.DeidResult;
import org.mip.deid.PixelSummary;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pseudo.DeidKey;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.EncodedFrame;
import org.mip.dicom.codec.FrameCodecs;
import org.mip.dicom.codec.ImageDescription;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;

/**
 * Run by {@link LargeCompressedScanIT}: {@code write FILE FRAMES} writes a JPEG Lossless XA cine whose
 * every frame carries a burned-in label; {@code deidentify IN OUT SPOOL} de-identifies it with the
 * basic profile in this (small-heap) JVM, scanning and redacting through the compressed path, and
 * prints timings and the peak heap as "key=value" words.
 */
public final class LargeCompressedScanMain {
    static final int ROWS = 1024;
    static final int COLUMNS = 1024;
    static final String LABEL = "ZZTEST^PATIENT 4711";

    private LargeCompressedScanMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            deidentify(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        }
    }

    /** One 8-bit frame: a label on a black band, then faint noise (4 bits a pixel: no run or pattern for the codec, no stroke for the detectors). */
    static byte[] frame() {
        BufferedImage img = new BufferedImage(COLUMNS, ROWS, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Random rnd = new Random(42);
        for (int i = 96 * COLUMNS; i < px.length; i++) {
            px[i] = (byte) (64 + rnd.nextInt(16));
        }
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
        g.drawString(LABEL, 40, 60);
        g.dispose();
        return px;
    }

    static void write(Path file, int frames) throws Exception {
        ImageDescription d = ImageDescription.gray(ROWS, COLUMNS, 8, 8, false);
        EncodedFrame encoded = FrameCodecs.encoderFor(FrameCodecs.JPEG_LOSSLESS_SV1).orElseThrow().encode(frame(), d);
        Dataset ds = new Dataset();
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.12.1"); // X-Ray Angiographic Image Storage
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.4711");
        ds.setString(0x0020000D, VR.UI, "2.25.4712");
        ds.setString(0x0020000E, VR.UI, "2.25.4713");
        ds.setString(0x00080060, VR.CS, "XA");
        ds.setString(0x00100010, VR.PN, LABEL);
        Synthetic.gray8(ds, frames, ROWS, COLUMNS);
        FragmentsElement pixels = new FragmentsElement(Tag.PIXEL_DATA, VR.OB);
        pixels.fragments().add(BulkData.of(new byte[0]));
        BulkData one = BulkData.of(encoded.data());
        for (int i = 0; i < frames; i++) {
            pixels.fragments().add(one); // the same bytes each time: written, never held twice
        }
        ds.put(pixels);
        DicomWriter.write(org.mip.dicom.codec.TestFiles.file(TransferSyntax.of(FrameCodecs.JPEG_LOSSLESS_SV1), ds), file);
    }

    static void deidentify(Path in, Path out, Path spool) throws Exception {
        long t0 = System.nanoTime();
        DeidResult result;
        long t1;
        try (DicomFile file = DicomReader.read(in)) {
            // Text-likeness alone: OCR's memory is native, outside the heap measured here, and on
            // noise it costs seconds a frame; what this checks is the heap of the compressed path.
            Deidentifier deid = Deidentifiers.create(ProfileLoader.builtIn("basic"), DeidKey.of(new byte[32]), "large", spool,
                    ScanEngine.withoutOcr());
            result = deid.deidentify(file);
            t1 = System.nanoTime();
            DicomWriter.write(file, out);
        }
        long t2 = System.nanoTime();
        long peak = 0; // the sum of each pool's own peak: an upper bound, the pools peak at different times
        long oldAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
                if (pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                    oldAfterGc = Math.max(oldAfterGc, pool.getCollectionUsage().getUsed());
                }
            }
        }
        PixelSummary p = result.pixels();
        System.out.println("code=" + p.code() + " redacted=" + p.redacted() + " framesScanned=" + p.framesScanned()
                + " framesChecked=" + p.framesChecked() + " deidMs=" + (t1 - t0) / 1_000_000 + " writeMs="
                + (t2 - t1) / 1_000_000 + " peakHeapBytes=" + peak + " oldAfterGcBytes=" + oldAfterGc + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
}
