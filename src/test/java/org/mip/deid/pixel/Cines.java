package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.mip.deid.PixelStage;
import org.mip.deid.PixelSummary;
import org.mip.deid.profile.ProfileLoader;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;

/** 8-bit grey cines through the pixel stage as the basic profile scans them, with the text-likeness detector (no OCR). */
final class Cines {

    private Cines() {
    }

    /**
     * The frames as the pixel stage left them.
     *
     * @param expected the stage's outcome code, checked; null: any that publishes (a refusal throws)
     */
    static List<byte[]> throughStage(String modality, String sopClass, List<byte[]> frames, int rows, int columns,
                                     String expected) throws Exception {
        int n = rows * columns;
        Dataset ds = new Dataset();
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, sopClass);
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.11");
        ds.setString(0x00080060, VR.CS, modality);
        Synthetic.gray8(ds, frames.size(), rows, columns);
        byte[] all = new byte[frames.size() * n];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(frames.get(f), 0, all, f * n, n);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, all));
        BurnedInTextStage stage = BurnedInTextStage.create(null, ScanEngine.withoutOcr());
        try (DicomFile file = TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds)) {
            PixelStage.Plan plan = stage.plan(file, ProfileLoader.builtIn("basic"));
            PixelSummary summary = stage.apply(plan, file);
            if (expected != null) {
                assertEquals(expected, summary.code());
            }
            FrameSource source = FrameSource.open(file, PixelCodecs.STANDARD);
            List<byte[]> out = new ArrayList<>();
            for (int f = 0; f < frames.size(); f++) {
                out.add(source.read(f));
            }
            return out;
        }
    }

    /**
     * The share of a frame's pixels changed, outside the rectangle (x, y, width, height) of a frame
     * {@code columns} wide (an empty rectangle: the whole frame).
     */
    static double changedOutside(byte[] before, byte[] after, int columns, int x, int y, int width, int height) {
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            int px = i % columns;
            int py = i / columns;
            boolean inside = px >= x && px < x + width && py >= y && py < y + height;
            changed += !inside && before[i] != after[i] ? 1 : 0;
        }
        return changed / (double) before.length;
    }
}
