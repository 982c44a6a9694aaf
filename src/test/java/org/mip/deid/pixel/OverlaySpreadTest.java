package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;

/** Which frames a region found in frame 0 of four is blanked in, by what its ink does in the others. */
class OverlaySpreadTest {
    private static final int ROWS = 32;
    private static final int COLUMNS = 64;
    private static final TextBox BOX = new TextBox(8, 8, 40, 12, TextBox.Source.TEXT_LIKENESS, 1, false);

    /** Bars of ink (200) over noise (sigma 8 around 60); {@code inkJitter} levels added to the ink in frames 1-3. */
    private static List<byte[]> frames(int inkJitter, boolean moved) {
        Random random = new Random(3);
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            byte[] frame = new byte[ROWS * COLUMNS];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) Math.max(0, Math.round(60 + 8 * random.nextGaussian()));
            }
            int shift = moved && f > 0 ? 3 : 0;
            for (int y = 10; y < 18; y++) {
                for (int x = 10 + shift; x < 46 + shift; x += 4) {
                    int jitter = f == 0 ? 0 : random.nextInt(2 * inkJitter + 1) - inkJitter;
                    frame[y * COLUMNS + x] = (byte) (200 + jitter);
                    frame[y * COLUMNS + x + 1] = (byte) (200 + jitter);
                }
            }
            frames.add(frame);
        }
        return frames;
    }

    /** The frames (0-based) the box found in frame 0 is blanked in. */
    private static String spreadOf(List<byte[]> frames, boolean lossy) throws Exception {
        Dataset ds = new Dataset();
        Synthetic.gray8(ds, frames.size(), ROWS, COLUMNS);
        if (lossy) {
            ds.setString(0x00282110, VR.CS, "01");
        }
        byte[] all = new byte[frames.size() * ROWS * COLUMNS];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(frames.get(f), 0, all, f * ROWS * COLUMNS, ROWS * COLUMNS);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, all));
        try (DicomFile file = TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds)) {
            FrameSource source = FrameSource.open(file, PixelCodecs.STANDARD);
            OverlaySpread spread = OverlaySpread.of(file, source.format());
            spread.found(0, frames.get(0), List.of(BOX));
            BitSet every = new BitSet();
            every.set(0, frames.size());
            FrameRegions regions = spread.spread(source, every);
            StringBuilder in = new StringBuilder();
            for (int f = 0; f < frames.size(); f++) {
                if (regions.rectanglesIn(f).contains(BOX.toRectangle())) {
                    in.append(f);
                }
            }
            return in.toString();
        }
    }

    @Test
    void anOverlayDrawnTheSameOverChangingAnatomyIsBlankedInEveryFrame() throws Exception {
        assertEquals("0123", spreadOf(frames(0, false), false));
    }

    @Test
    void contentThatMovesIsBlankedOnlyWhereItWasFound() throws Exception {
        assertEquals("0", spreadOf(frames(0, true), false));
        assertEquals("0", spreadOf(frames(0, true), true));
    }

    /** Ink read back a few levels off (a lossy codec): static in a lossy input, not in a lossless one. */
    @Test
    void aLossyInputAllowsTheCodecsError() throws Exception {
        assertEquals("0", spreadOf(frames(5, false), false));
        assertEquals("0123", spreadOf(frames(5, false), true));
        assertEquals("0", spreadOf(frames(20, false), true));
    }
}
