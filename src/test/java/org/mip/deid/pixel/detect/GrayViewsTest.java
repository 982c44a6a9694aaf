package org.mip.deid.pixel.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.deid.pixel.PaletteTables;
import org.mip.deid.pixel.RedactionException;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;

/**
 * The 8-bit views against values worked out by hand from PS3.3 (C.7.6.3 pixel layout, C.11.1 rescale,
 * C.11.2.1.2.1 linear window), not from the code under test.
 */
class GrayViewsTest {

    /** Little endian 16-bit words. */
    private static byte[] words(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static GrayViews.View view(List<GrayViews.View> views, GrayViews.Kind kind) {
        return views.stream().filter(v -> v.kind() == kind).findFirst().orElse(null);
    }

    @Test
    void monochrome2ShowsLowValuesDarkAndMonochrome1Inverts() throws Exception {
        byte[] frame = bytes(0, 0, 255, 255);
        FrameDescription m2 = FrameDescription.grayscale(2, 2, 8, 8, false, FrameDescription.MONOCHROME2);
        FrameDescription m1 = FrameDescription.grayscale(2, 2, 8, 8, false, FrameDescription.MONOCHROME1);
        Gray8 two = GrayViews.display(frame, m2);
        Gray8 one = GrayViews.display(frame, m1);
        assertEquals(0, two.get(0, 0));
        assertEquals(255, two.get(0, 1));
        assertEquals(255, one.get(0, 0), "MONOCHROME1: the smallest value is white");
        assertEquals(0, one.get(0, 1));
    }

    @Test
    void windowMapsLinearlyAsPs33Says() throws Exception {
        // Window 40/400: x <= c - 0.5 - (w-1)/2 = -160 is black, x > c - 0.5 + (w-1)/2 = 239 white,
        // between: ((x - 39.5) / 399 + 0.5) * 255; for x = 40 that is 127.8, grey level 127 (the view
        // truncates: the window's half-level offsets put whole inputs mid-level, 127.5/256 maps 0-255 to 0-255).
        byte[] frame = words(-1000, -160, 40, 239, 240, 3071);
        FrameDescription d = new FrameDescription(1, 6, 1, 16, 16, 15, true, false, "MONOCHROME2", 1, 0, null, null)
                .withWindow(40, 400);
        Gray8 g = GrayViews.display(frame, d);
        assertEquals(0, g.get(0, 0));
        assertEquals(0, g.get(1, 0));
        assertEquals(127, g.get(2, 0));
        assertEquals(255, g.get(3, 0));
        assertEquals(255, g.get(4, 0));
        assertEquals(255, g.get(5, 0));
    }

    @Test
    void windowIsInRescaledUnits() throws Exception {
        // Stored 1024 with slope 1, intercept -1024 is 0 HU; window 0/100 puts it at mid grey.
        byte[] frame = words(0, 1024, 4095);
        FrameDescription d = FrameDescription.grayscale(1, 3, 16, 12, false, "MONOCHROME2").withRescale(1, -1024)
                .withWindow(0, 100);
        Gray8 g = GrayViews.display(frame, d);
        assertEquals(0, g.get(0, 0));
        assertEquals(128, g.get(1, 0)); // ((0 - (-0.5)) / 99 + 0.5) * 255 = 128.8
        assertEquals(255, g.get(2, 0));
    }

    @Test
    void signedValuesAreSignExtendedFromBitsStoredAndHighBit() throws Exception {
        // 12 bits stored at bits 0-11 of 16, signed: 0x0800 is -2048 (darkest), 0x07FF is 2047 (brightest),
        // and the unused top bits (here set to 1 in the first word) are ignored.
        byte[] frame = words(0xF800, 0x0000, 0x07FF);
        FrameDescription d = new FrameDescription(1, 3, 1, 16, 12, 11, true, false, "MONOCHROME2", 1, 0, null, null);
        Gray8 g = GrayViews.display(frame, d);
        assertEquals(0, g.get(0, 0));
        assertEquals(127, g.get(1, 0)); // 0 of -2048..2047: 127.5
        assertEquals(255, g.get(2, 0));
        // High bit 15 with 12 bits stored: the value sits in bits 4-15.
        byte[] shifted = words(0x8000, 0x0000, 0x7FF0);
        FrameDescription high = new FrameDescription(1, 3, 1, 16, 12, 15, true, false, "MONOCHROME2", 1, 0, null, null);
        Gray8 h = GrayViews.display(shifted, high);
        assertEquals(0, h.get(0, 0));
        assertEquals(127, h.get(1, 0));
        assertEquals(255, h.get(2, 0));
    }

    @Test
    void oneHotPixelDoesNotFlattenTheDisplayViewAndTheFullRangeViewShowsIt() throws Exception {
        // 1000 pixels ramping 0..999 and one at 4095, no window: the display view uses the 0.5th-99.5th
        // percentiles (about 5..994), so the ramp keeps its contrast; the full-range view maps 0..4095.
        int[] v = new int[1001];
        for (int i = 0; i < 1000; i++) {
            v[i] = i;
        }
        v[1000] = 4095;
        byte[] frame = words(v);
        FrameDescription d = FrameDescription.grayscale(7, 143, 16, 12, false, "MONOCHROME2");
        List<GrayViews.View> views = GrayViews.of(frame, d);
        Gray8 display = view(views, GrayViews.Kind.DISPLAY).image();
        assertTrue(display.get(500 % 143, 500 / 143) >= 120 && display.get(500 % 143, 500 / 143) <= 135,
                "mid ramp at mid grey, not squeezed into the dark by the hot pixel");
        assertEquals(255, display.get(1000 % 143, 1000 / 143));
        Gray8 full = view(views, GrayViews.Kind.FULL_RANGE).image();
        assertEquals(255, full.get(1000 % 143, 1000 / 143));
        assertEquals(62, full.get(999 % 143, 999 / 143)); // 999 / 4095 * 255 = 62.2
    }

    @Test
    void aLabelAt4095StaysVisibleOverBoneInTheFullRangeView() throws Exception {
        // CT windowed 40/400: bone (1000 HU) and a label (3071) are both white in the display view.
        byte[] frame = words(-1000, 40, 1000, 3071);
        FrameDescription d = new FrameDescription(1, 4, 1, 16, 16, 15, true, false, "MONOCHROME2", 1, 0, null, null)
                .withWindow(40, 400);
        List<GrayViews.View> views = GrayViews.of(frame, d);
        Gray8 display = view(views, GrayViews.Kind.DISPLAY).image();
        assertEquals(display.get(2, 0), display.get(3, 0));
        Gray8 full = view(views, GrayViews.Kind.FULL_RANGE).image();
        assertEquals(255, full.get(3, 0));
        assertTrue(full.get(3, 0) - full.get(2, 0) > 60, "label stands above bone by " + (full.get(3, 0) - full.get(2, 0)));
    }

    @Test
    void valuesSqueezedIntoAFewGreyLevelsOfTheWindowAreSeenStretched() throws Exception {
        // a CT with Rescale Slope 0.0001 (a probe's, 2026-12-07): stored 1000 (tissue) and 1500 (a label) are
        // 0.10 and 0.15 "HU", one grey level apart through the window 40/400; the full range tells them apart
        byte[] frame = words(0, 1000, 1000, 1500, 4000);
        FrameDescription d = FrameDescription.grayscale(1, 5, 16, 12, false, "MONOCHROME2").withRescale(0.0001, 0)
                .withWindow(40, 400);
        List<GrayViews.View> views = GrayViews.of(frame, d);
        Gray8 display = view(views, GrayViews.Kind.DISPLAY).image();
        assertTrue(Math.abs(display.get(3, 0) - display.get(2, 0)) <= 1, "the window shows one grey");
        Gray8 full = view(views, GrayViews.Kind.FULL_RANGE).image();
        assertTrue(full.get(3, 0) - full.get(2, 0) > 25, "the label stands above tissue by " + (full.get(3, 0) - full.get(2, 0)));
        // a frame of three stored values through the same window is noise, not a squeezed label: no view of it
        assertNull(view(GrayViews.of(words(1000, 1001, 1002, 1001, 1000), d), GrayViews.Kind.FULL_RANGE));
    }

    @Test
    void noFullRangeViewWhenTheDisplayViewClipsNothing() throws Exception {
        FrameDescription d = FrameDescription.grayscale(1, 4, 8, 8, false, "MONOCHROME2").withWindow(127.5, 256);
        List<GrayViews.View> views = GrayViews.of(bytes(0, 10, 200, 255), d);
        assertEquals(1, views.size());
    }

    @Test
    void colourBecomesLumaAndSaturatedColoursGetAValueView() throws Exception {
        // BT.601 luma: red 76, green 150, blue 29; the value view is max(R, G, B).
        byte[] rgb = bytes(255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128);
        List<GrayViews.View> views = GrayViews.of(rgb, FrameDescription.color(2, 2, "RGB"));
        Gray8 luma = view(views, GrayViews.Kind.DISPLAY).image();
        assertEquals(76, luma.get(0, 0));
        assertEquals(150, luma.get(1, 0));
        assertEquals(29, luma.get(0, 1));
        assertEquals(128, luma.get(1, 1));
        Gray8 value = view(views, GrayViews.Kind.COLOR_VALUE).image();
        assertEquals(255, value.get(0, 1), "pure blue text on black stands out in the value view");
        Gray8 minimum = view(views, GrayViews.Kind.COLOR_MIN).image();
        assertEquals(0, minimum.get(0, 0), "min(R, G, B): red");
        assertEquals(128, minimum.get(1, 1), "grey");
        // yellow on a pale slide: luma 211 on 218, but blue 40 on 220 in the minimum view
        List<GrayViews.View> slide = GrayViews.of(bytes(235, 220, 40, 228, 214, 220), FrameDescription.color(1, 2, "RGB"));
        assertEquals(40, view(slide, GrayViews.Kind.COLOR_MIN).image().get(0, 0));
        assertEquals(214, view(slide, GrayViews.Kind.COLOR_MIN).image().get(1, 0));
        // A grey RGB image (US stored as RGB) has no chroma: no value view.
        assertNull(view(GrayViews.of(bytes(9, 9, 9, 200, 200, 200), FrameDescription.color(1, 2, "RGB")),
                GrayViews.Kind.COLOR_VALUE));
        assertNull(view(GrayViews.of(bytes(9, 9, 9, 200, 200, 200), FrameDescription.color(1, 2, "RGB")),
                GrayViews.Kind.COLOR_MIN));
    }

    @Test
    void planarRgbIsReadPlaneByPlane() throws Exception {
        // Planar configuration 1: R R G G B B for two pixels (red, blue).
        byte[] frame = bytes(255, 0, 0, 0, 0, 255);
        FrameDescription d = new FrameDescription(1, 2, 3, 8, 8, 7, false, true, "RGB", 1, 0, null, null);
        Gray8 g = GrayViews.display(frame, d);
        assertEquals(76, g.get(0, 0));
        assertEquals(29, g.get(1, 0));
    }

    @Test
    void ybrIsItsLumaSample() throws Exception {
        // YBR_FULL: Y Cb Cr per pixel; YBR_FULL_422: Y1 Y2 Cb Cr per pixel pair.
        Gray8 full = GrayViews.display(bytes(200, 128, 128, 30, 90, 240), FrameDescription.color(1, 2, "YBR_FULL"));
        assertEquals(200, full.get(0, 0));
        assertEquals(30, full.get(1, 0));
        Gray8 sub = GrayViews.display(bytes(10, 250, 128, 128, 60, 70, 128, 128), FrameDescription.color(1, 4, "YBR_FULL_422"));
        assertEquals(10, sub.get(0, 0));
        assertEquals(250, sub.get(1, 0));
        assertEquals(60, sub.get(2, 0));
        assertEquals(70, sub.get(3, 0));
    }

    @Test
    void paletteColourGoesThroughItsTables() throws Exception {
        // Index 0 is white, index 1 is black, 16-bit entries: index 0 shows white though it is the lowest value.
        PaletteTables t = new PaletteTables(0, 16, new int[] {65535, 0}, new int[] {65535, 0}, new int[] {65535, 0});
        FrameDescription d = FrameDescription.grayscale(1, 2, 8, 8, false, "PALETTE COLOR").withPalette(t);
        Gray8 g = GrayViews.display(bytes(0, 1), d);
        assertEquals(255, g.get(0, 0));
        assertEquals(0, g.get(1, 0));
    }

    @Test
    void aShortFrameIsRefusedWithAReasonCode() {
        FrameDescription d = FrameDescription.grayscale(4, 4, 16, 12, false, "MONOCHROME2");
        RedactionException e = assertThrows(RedactionException.class, () -> GrayViews.of(new byte[31], d));
        assertEquals("REDACTION_PIXEL_DATA_INVALID", e.code());
        assertTrue(e.getMessage().contains("31") && e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void aFrameTooLargeToScanIsRefusedBeforeAnythingIsAllocated() {
        FrameDescription d = FrameDescription.grayscale(65535, 65535, 16, 16, false, "MONOCHROME2");
        RedactionException e = assertThrows(RedactionException.class, () -> GrayViews.of(new byte[16], d));
        assertEquals("REDACTION_UNSUPPORTED_PIXEL_FORMAT", e.code());
        assertTrue(e.getMessage().contains("65535x65535"), e.getMessage());
    }

    @Test
    void descriptionIsReadFromTheHeader() throws Exception {
        Dataset ds = new Dataset();
        ds.setInts(0x00280002, VR.US, 1);
        ds.setString(0x00280004, VR.CS, "MONOCHROME2");
        ds.setInts(0x00280010, VR.US, 2);
        ds.setInts(0x00280011, VR.US, 3);
        ds.setInts(0x00280100, VR.US, 16);
        ds.setInts(0x00280101, VR.US, 12);
        ds.setInts(0x00280102, VR.US, 11);
        ds.setInts(0x00280103, VR.US, 1);
        ds.setString(0x00281050, VR.DS, "40\\300");
        ds.setString(0x00281051, VR.DS, "400\\1500");
        ds.setString(0x00281052, VR.DS, "-1024");
        ds.setString(0x00281053, VR.DS, "1");
        FrameDescription d = FrameDescription.of(ds);
        assertEquals(2, d.rows());
        assertEquals(3, d.columns());
        assertTrue(d.signed());
        assertEquals(12, d.bitsStored());
        assertNotNull(d.window());
        assertEquals(40, d.window().center(), "the first window");
        assertEquals(400, d.window().width());
        assertEquals(-1024, d.rescaleIntercept());
        assertEquals(12, d.frameLength());

        ds.setString(0x00281051, VR.DS, "0");
        assertNull(FrameDescription.of(ds).window(), "a window narrower than 1 is not used");

        ds.put(new ValueElement(0x00280004, VR.CS, "HSV ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        RedactionException e = assertThrows(RedactionException.class, () -> FrameDescription.of(ds));
        assertEquals("REDACTION_UNSUPPORTED_PHOTOMETRIC", e.code());
    }

    @Test
    void eightBitGreyWithoutAWindowIsShownAsStored() throws Exception {
        // Ultrasound speckle between 20 and 60: stretched to its percentiles it had text's contrast
        // (a probe's grayscale ultrasound quarantined as text remaining, the same pixels as RGB published).
        byte[] frame = new byte[200];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (20 + (i * 37) % 41);
        }
        frame[0] = 0;
        frame[1] = (byte) 255;
        FrameDescription d = FrameDescription.grayscale(10, 20, 8, 8, false, "MONOCHROME2");
        List<GrayViews.View> views = GrayViews.of(frame, d);
        assertEquals(1, views.size(), "nothing clipped: no full-range view");
        for (int i = 0; i < frame.length; i++) {
            assertEquals(frame[i] & 0xFF, views.get(0).image().get(i % 20, i / 20), "pixel " + i);
        }
        // 12 bits stored of the same values: stretched between its percentiles, as before
        byte[] wide = new byte[400];
        for (int i = 0; i < frame.length; i++) {
            wide[2 * i] = frame[i];
        }
        Gray8 g = GrayViews.display(wide, FrameDescription.grayscale(10, 20, 16, 12, false, "MONOCHROME2"));
        int top = java.util.stream.IntStream.range(2, frame.length).filter(i -> frame[i] == 60).findFirst().orElseThrow();
        assertEquals(255, g.get(top % 20, top / 20), "the speckle's top is white (60 in the 8-bit view)");
    }

    /** 100x100 16-bit noise over 20000-29999 (each value about once), with {@code extra} set by the caller. */
    private static int[] noise16() {
        int[] v = new int[100 * 100];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = 20000 + r.nextInt(10000);
        }
        return v;
    }

    @Test
    void aValueFarMoreFrequentThanItsNeighboursGetsAnExactValueView() throws Exception {
        FrameDescription d = FrameDescription.grayscale(100, 100, 16, 16, false, "MONOCHROME2");
        int[] v = noise16();
        for (int i = 0; i < 300; i++) {
            v[(10 + i / 30) * 100 + 10 + i % 30] = 25000; // a label's strokes: 300 pixels at one value amid ~1 per value
        }
        List<GrayViews.View> views = GrayViews.of(words(v), d);
        GrayViews.View exact = view(views, GrayViews.Kind.EXACT_VALUE);
        assertNotNull(exact, "a view of the value 25000");
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] == 25000 ? 255 : 0, exact.image().get(i % 100, i / 100), "pixel " + i);
        }
        // the noise alone: no value stands out, no view
        assertNull(view(GrayViews.of(words(noise16()), d), GrayViews.Kind.EXACT_VALUE));
        // 8 bits stored: the display view already shows every stored value apart
        byte[] eight = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            eight[i] = (byte) (i % 7 == 0 ? 200 : i % 97);
        }
        assertNull(view(GrayViews.of(eight, FrameDescription.grayscale(100, 100, 8, 8, false, "MONOCHROME2")),
                GrayViews.Kind.EXACT_VALUE));
    }

    @Test
    void theFramesExtremesAndLargeAreasAreNoSpikes() throws Exception {
        FrameDescription m2 = FrameDescription.grayscale(100, 100, 16, 16, false, "MONOCHROME2");
        // 0: the redactor's blank for MONOCHROME2 (blanked boxes are no text to find again); 65535: a label
        // at the maximum, which the full-range view shows as the brightest thing in the frame already
        for (int extreme : new int[] {0, 65535}) {
            int[] v = noise16();
            for (int i = 0; i < 300; i++) {
                v[(10 + i / 30) * 100 + 10 + i % 30] = extreme;
            }
            assertEquals(List.of(), GrayViews.spikes(GrayViews.Samples.read(words(v), m2), 100), "at " + extreme);
            assertNull(view(GrayViews.of(words(v), m2), GrayViews.Kind.EXACT_VALUE));
        }
        // a value over 5 % of the frame is a background or a border, not strokes
        int[] border = noise16();
        for (int i = 0; i < 600; i++) {
            border[i] = 25000;
        }
        assertEquals(List.of(), GrayViews.spikes(GrayViews.Samples.read(words(border), m2), 100));
    }

    /**
     * A nuclear medicine frame of a few counts per pixel, scaled to 16 bits: its background is a few
     * values, each a spike beside empty neighbours, scattered as the counts fall. No exact-value view
     * of them (their dots were taken for lines of text); a label drawn at one value on it still gets one.
     */
    @Test
    void quantisedNoiseIsNoSpikeButALabelOnItIs() throws Exception {
        FrameDescription d = FrameDescription.grayscale(128, 128, 16, 16, false, "MONOCHROME2");
        int[] v = new int[128 * 128];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < v.length; i++) {
            int counts = 0; // Poisson, mean 3 (Knuth)
            for (double p = r.nextDouble(); p > Math.exp(-3); p *= r.nextDouble()) {
                counts++;
            }
            v[i] = 1638 * counts + (i % 128 > 40 && i % 128 < 90 && i / 128 > 30 && i / 128 < 90 ? 9000 + r.nextInt(20000) : 0);
        }
        assertEquals(List.of(), GrayViews.spikes(GrayViews.Samples.read(words(v), d), 128), "the counts' values");
        for (int i = 0; i < 480; i++) {
            v[(100 + i / 60) * 128 + 30 + i % 60] = 1638 * 8; // a label at one of the counts' values
        }
        assertEquals(List.of(1638L * 8), GrayViews.spikes(GrayViews.Samples.read(words(v), d), 128));
    }

    @Test
    void aFrameScaledUpFromFewerBitsHasNoSpikesButItsLabelIsOne() throws Exception {
        FrameDescription d = FrameDescription.grayscale(200, 200, 16, 16, false, "MONOCHROME2");
        for (int scale : new int[] {16, 128}) {
            int[] v = new int[200 * 200];
            java.util.Random r = new java.util.Random(scale);
            for (int i = 0; i < v.length; i++) {
                v[i] = scale * (40 + r.nextInt(400)); // 400 values used, each ~100 times, none between
            }
            assertEquals(List.of(), GrayViews.spikes(GrayViews.Samples.read(words(v), d), 200), "scaled by " + scale);
            for (int i = 0; i < 1500; i++) {
                v[(20 + i / 50) * 200 + 20 + i % 50] = scale * 90; // a label: 1500 pixels (3.75 %) at one of the values used
            }
            assertEquals(List.of((long) scale * 90), GrayViews.spikes(GrayViews.Samples.read(words(v), d), 200),
                    "scaled by " + scale + ", a label at one of its values");
        }
    }
}
