package org.mip.deid.pixel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.TextCorpus;
import org.mip.deid.pixel.detect.TextCorpus.Modality;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.ValueElement;

/**
 * A DICOM-level burned-in text corpus: frames of the raster corpus ({@link TextCorpus}: names, IDs
 * and dates at 9-28 px with the box and ink of every planted text) wrapped into real instances with
 * the headers of their modality (SOP class, Image Pixel module, window, rescale, multi-frame
 * attributes, Burned In Annotation YES/NO/absent), written natively and then encoded by the
 * independent tools (dcmtk's dcmcjpeg, dcmcjpls, dcmcrle; GDCM's gdcmconv), as a device or archive
 * would hand them over. A spec whose tool is missing skips the calling test (assumption).
 */
public final class BurnedInCorpus {
    private BurnedInCorpus() {
    }

    /** How the pixel data is encoded, by which tool, and whether that loses information. */
    public enum Encoding {
        NATIVE("Explicit VR LE", null, false),
        JPEG_BASELINE("JPEG Baseline .4.50", new String[] {"dcmcjpeg", "+eb"}, true),
        JPEG_LOSSLESS_SV1("JPEG Lossless SV1 .4.70", new String[] {"dcmcjpeg", "+e1"}, false),
        JPEG_LS_LOSSLESS("JPEG-LS lossless .4.80", new String[] {"dcmcjpls", "+el"}, false),
        JPEG_2000_LOSSLESS("JPEG 2000 lossless .4.90", new String[] {"gdcmconv", "--j2k"}, false),
        RLE("RLE .5", new String[] {"dcmcrle"}, false);

        public final String label;
        final String[] tool;
        public final boolean lossy;

        Encoding(String label, String[] tool, boolean lossy) {
            this.label = label;
            this.tool = tool;
            this.lossy = lossy;
        }

        /** The tool that writes this encoding, or null for native. */
        public String tool() {
            return tool == null ? null : tool[0];
        }
    }

    /**
     * One instance to build.
     *
     * @param row        the figure table's row it belongs to (syntax and modality)
     * @param photometric the native photometric interpretation its frames must have (US frames come in
     *                    three; the encoder decides what the file says after encoding)
     * @param burnedIn   Burned In Annotation (0028,0301): YES, NO or null (absent)
     * @param texts      texts planted per frame; 0 for a clean control
     * @param rotated    one text of the first frame rotated by 90°
     * @param smallBold  the texts are small bold light ones ({@link TextCorpus#smallBoldImage}), not the corpus's mix
     */
    public record Spec(String name, String row, Modality modality, String photometric, Encoding encoding, String burnedIn,
                       int frames, int texts, boolean rotated, long seed, boolean smallBold) {
        public Spec(String name, String row, Modality modality, String photometric, Encoding encoding, String burnedIn,
                    int frames, int texts, boolean rotated, long seed) {
            this(name, row, modality, photometric, encoding, burnedIn, frames, texts, rotated, seed, false);
        }

        public boolean control() {
            return texts == 0;
        }
    }

    /** A built instance: its file (as encoded) and the raster frames it holds, with their ground truth. */
    public record Instance(Spec spec, Path file, List<TextCorpus.Image> frames) {
        public int texts() {
            return frames.stream().mapToInt(f -> f.texts().size()).sum();
        }
    }

    /**
     * The standard set: every syntax and modality the burned-in proof covers, text instances with
     * flags YES, NO and absent, and clean controls of every modality.
     */
    public static List<Spec> standard() {
        List<Spec> s = new ArrayList<>();
        String rgb = FrameDescription.RGB;
        String mono2 = FrameDescription.MONOCHROME2;
        String mono1 = FrameDescription.MONOCHROME1;
        // US: JPEG Baseline (RGB in, YBR_FULL_422 out), single and 4-frame cine; native RGB
        s.add(new Spec("us-jpeg-1", "US JPEG Baseline", Modality.US, rgb, Encoding.JPEG_BASELINE, null, 1, 3, true, 9100));
        s.add(new Spec("us-jpeg-2", "US JPEG Baseline", Modality.US, rgb, Encoding.JPEG_BASELINE, "YES", 1, 2, false, 9110));
        s.add(new Spec("us-jpeg-3", "US JPEG Baseline", Modality.US, rgb, Encoding.JPEG_BASELINE, "NO", 1, 3, false, 9130));
        s.add(new Spec("us-jpeg-bold", "US JPEG Baseline", Modality.US, rgb, Encoding.JPEG_BASELINE, "NO", 1, 2, false, 95_200,
                true));
        s.add(new Spec("us-jpeg-clean", "US JPEG Baseline", Modality.US, rgb, Encoding.JPEG_BASELINE, "NO", 1, 0, false, 9120));
        s.add(new Spec("us-jpeg-cine4", "US JPEG Baseline, 4 frames", Modality.US, rgb, Encoding.JPEG_BASELINE, "YES", 4, 2,
                false, 9200));
        s.add(new Spec("us-native-1", "US RGB native", Modality.US, rgb, Encoding.NATIVE, "NO", 1, 3, true, 9300));
        s.add(new Spec("us-native-2", "US RGB native", Modality.US, rgb, Encoding.NATIVE, "YES", 1, 2, false, 9320));
        s.add(new Spec("us-native-clean", "US RGB native", Modality.US, rgb, Encoding.NATIVE, null, 1, 0, false, 9310));
        // XA: JPEG Lossless SV1 multi-frame 8-bit, NO (projection X-ray is scanned despite NO)
        s.add(new Spec("xa-jpegll-cine3", "XA JPEG Lossless SV1, 3 frames", Modality.XA, mono2, Encoding.JPEG_LOSSLESS_SV1, "NO",
                3, 2, true, 9400));
        s.add(new Spec("xa-jpegll-cine3b", "XA JPEG Lossless SV1, 3 frames", Modality.XA, mono2, Encoding.JPEG_LOSSLESS_SV1,
                null, 3, 3, false, 9420));
        s.add(new Spec("xa-jpegll-clean", "XA JPEG Lossless SV1, 3 frames", Modality.XA, mono2, Encoding.JPEG_LOSSLESS_SV1,
                null, 3, 0, false, 9410));
        // DX: MONOCHROME1 12-bit, native (NO with a name label) and JPEG 2000 lossless
        s.add(new Spec("dx-native-no", "DX MONO1 12-bit native", Modality.DX, mono1, Encoding.NATIVE, "NO", 1, 2, false, 9500));
        s.add(new Spec("dx-native-rot", "DX MONO1 12-bit native", Modality.DX, mono1, Encoding.NATIVE, null, 1, 3, true, 9510));
        s.add(new Spec("dx-native-yes", "DX MONO1 12-bit native", Modality.DX, mono1, Encoding.NATIVE, "YES", 1, 3, false, 9530));
        s.add(new Spec("dx-native-clean", "DX MONO1 12-bit native", Modality.DX, mono1, Encoding.NATIVE, "NO", 1, 0, false, 9520));
        s.add(new Spec("dx-j2k-1", "DX MONO1 12-bit JPEG 2000", Modality.DX, mono1, Encoding.JPEG_2000_LOSSLESS, null, 1, 3,
                false, 9600));
        s.add(new Spec("dx-j2k-no", "DX MONO1 12-bit JPEG 2000", Modality.DX, mono1, Encoding.JPEG_2000_LOSSLESS, "NO", 1, 2,
                true, 9620));
        s.add(new Spec("dx-j2k-clean", "DX MONO1 12-bit JPEG 2000", Modality.DX, mono1, Encoding.JPEG_2000_LOSSLESS, "NO", 1, 0,
                false, 9610));
        // SC: RGB screen captures, RLE and JPEG Baseline
        s.add(new Spec("sc-rle-1", "SC RGB RLE", Modality.SC, rgb, Encoding.RLE, "YES", 1, 3, true, 9700));
        s.add(new Spec("sc-rle-2", "SC RGB RLE", Modality.SC, rgb, Encoding.RLE, null, 1, 2, false, 9720));
        s.add(new Spec("sc-rle-clean", "SC RGB RLE", Modality.SC, rgb, Encoding.RLE, null, 1, 0, false, 9710));
        s.add(new Spec("sc-jpeg-1", "SC RGB JPEG Baseline", Modality.SC, rgb, Encoding.JPEG_BASELINE, null, 1, 2, false, 9800));
        s.add(new Spec("sc-jpeg-2", "SC RGB JPEG Baseline", Modality.SC, rgb, Encoding.JPEG_BASELINE, "YES", 1, 3, true, 9820));
        // Small bold light text (8-10 px, anti-aliased) on the dark work area: the class of a 9 px bold ID once missed
        s.add(new Spec("sc-rle-bold", "SC RGB RLE", Modality.SC, rgb, Encoding.RLE, null, 1, 2, false, 95_100, true));
        s.add(new Spec("sc-jpeg-clean", "SC RGB JPEG Baseline", Modality.SC, rgb, Encoding.JPEG_BASELINE, "NO", 1, 0, false, 9810));
        // CT: 16-bit signed native (YES, absent), a clean slice declared NO (not scanned) and one absent (scanned)
        s.add(new Spec("ct-native-1", "CT 16-bit signed native", Modality.CT, mono2, Encoding.NATIVE, null, 1, 3, true, 9900));
        s.add(new Spec("ct-native-yes", "CT 16-bit signed native", Modality.CT, mono2, Encoding.NATIVE, "YES", 1, 2, false, 9910));
        s.add(new Spec("ct-native-2", "CT 16-bit signed native", Modality.CT, mono2, Encoding.NATIVE, null, 1, 2, false, 9940));
        s.add(new Spec("ct-native-clean-no", "CT 16-bit signed native", Modality.CT, mono2, Encoding.NATIVE, "NO", 1, 0, false,
                9920));
        s.add(new Spec("ct-native-clean", "CT 16-bit signed native", Modality.CT, mono2, Encoding.NATIVE, null, 1, 0, false, 9930));
        // JPEG-LS lossless on CT
        s.add(new Spec("ct-jpegls-1", "CT 16-bit signed JPEG-LS", Modality.CT, mono2, Encoding.JPEG_LS_LOSSLESS, null, 1, 2,
                false, 9950));
        s.add(new Spec("ct-jpegls-2", "CT 16-bit signed JPEG-LS", Modality.CT, mono2, Encoding.JPEG_LS_LOSSLESS, "YES", 1, 3,
                true, 9970));
        s.add(new Spec("ct-jpegls-clean", "CT 16-bit signed JPEG-LS", Modality.CT, mono2, Encoding.JPEG_LS_LOSSLESS, null, 1, 0,
                false, 9960));
        // A second draw of every text instance (other seeds, so other texts, sizes and places; the flag
        // moved on by one of YES, NO, absent), for counts that mean something per row.
        List<String> flags = java.util.Arrays.asList("YES", "NO", null);
        for (Spec t : List.copyOf(s)) {
            if (!t.control()) {
                String flag = flags.get((flags.indexOf(t.burnedIn()) + 1) % 3);
                if ("NO".equals(flag) && t.modality() == Modality.CT) {
                    // a CT slice that says NO is not scanned (trust-no): with text it would be published as it
                    // is, by policy; that choice is the profile's, not something this corpus measures
                    flag = null;
                }
                s.add(new Spec(t.name() + "-b", t.row(), t.modality(), t.photometric(), t.encoding(), flag, t.frames(),
                        t.texts(), t.rotated(), t.seed() + 1000, t.smallBold()));
            }
        }
        return s;
    }

    /** Writes the instance natively into {@code dir}, then encodes it with its tool (skips the test if absent). */
    public static Instance build(Spec spec, Path dir) throws Exception {
        if (spec.encoding().tool() != null) {
            TestFiles.requireTool(spec.encoding().tool());
        }
        List<TextCorpus.Image> frames = frames(spec);
        Path nativeFile = dir.resolve(spec.name() + (spec.encoding() == Encoding.NATIVE ? ".dcm" : ".native.dcm"));
        Dataset ds = dataset(spec, frames);
        byte[] all = TestFiles.concat(frames.stream().map(TextCorpus.Image::frame).toList());
        if ((all.length & 1) == 1) {
            all = java.util.Arrays.copyOf(all, all.length + 1);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, frames.get(0).description().bitsAllocated() == 8 ? VR.OB : VR.OW, all));
        TestFiles.write(TestFiles.file(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds), nativeFile);
        if (spec.encoding() == Encoding.NATIVE) {
            return new Instance(spec, nativeFile, frames);
        }
        Path encoded = dir.resolve(spec.name() + ".dcm");
        List<String> cmd = new ArrayList<>(List.of(spec.encoding().tool));
        cmd.add(nativeFile.toString());
        cmd.add(encoded.toString());
        TestFiles.run(cmd.toArray(new String[0]));
        Files.delete(nativeFile);
        return new Instance(spec, encoded, frames);
    }

    /**
     * The frames: consecutive seeds from the spec's, keeping those whose layout is the spec's (US
     * backgrounds come in three photometric interpretations; DX ones with and without a window), so
     * all frames of an instance share one Image Pixel description. Text in every frame.
     */
    static List<TextCorpus.Image> frames(Spec spec) {
        List<TextCorpus.Image> out = new ArrayList<>();
        FrameDescription first = null;
        for (long seed = spec.seed(); out.size() < spec.frames(); seed++) {
            TextCorpus.Image img = spec.smallBold() ? TextCorpus.smallBoldImage(spec.modality(), seed, spec.texts())
                    : TextCorpus.image(spec.modality(), seed, spec.texts(), spec.rotated() && out.isEmpty());
            FrameDescription d = img.description();
            if (!d.photometric().equals(spec.photometric()) || (first != null && !d.equals(first))) {
                continue;
            }
            if (spec.texts() > 0 && img.texts().size() < spec.texts()) {
                continue; // a text did not fit: the instance would carry fewer than it says
            }
            first = d;
            out.add(img);
        }
        return out;
    }

    private static String uid(Spec spec, int kind) {
        return String.format(Locale.ROOT, "2.25.%d%d%d", 9_000_000 + Math.abs(spec.name().hashCode() % 1_000_000), kind,
                spec.seed());
    }

    /** The header of a device's instance of this modality (synthetic patient), Image Pixel module from the frames. */
    static Dataset dataset(Spec spec, List<TextCorpus.Image> frames) {
        FrameDescription d = frames.get(0).description();
        Dataset ds = new Dataset(false);
        boolean multi = frames.size() > 1;
        String sopClass = switch (spec.modality()) {
            case US -> multi ? "1.2.840.10008.5.1.4.1.1.3.1" : "1.2.840.10008.5.1.4.1.1.6.1";
            case XA -> "1.2.840.10008.5.1.4.1.1.12.1";
            case DX -> "1.2.840.10008.5.1.4.1.1.1.1";
            case CT -> "1.2.840.10008.5.1.4.1.1.2";
            case SC -> "1.2.840.10008.5.1.4.1.1.7";
        };
        ds.setString(0x00080008, VR.CS, switch (spec.modality()) {
            case SC -> "DERIVED\\SECONDARY";
            case CT -> "ORIGINAL\\PRIMARY\\AXIAL";
            case XA -> "ORIGINAL\\PRIMARY\\SINGLE PLANE";
            default -> "ORIGINAL\\PRIMARY";
        });
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, sopClass);
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, uid(spec, 3));
        ds.setString(0x00080020, VR.DA, "20240117");
        ds.setString(0x00080030, VR.TM, "101500");
        ds.setString(0x00080050, VR.SH, "ACC" + spec.seed());
        ds.setString(0x00080060, VR.CS, spec.modality().name());
        if (spec.modality() == Modality.SC) {
            ds.setString(0x00080064, VR.CS, "WSD");
        }
        ds.setString(0x00080070, VR.LO, "CORPUS DEVICES");
        ds.setString(0x00080080, VR.LO, "General Hospital");
        ds.setString(0x00080090, VR.PN, "Referring^Doctor");
        ds.setString(0x00081090, VR.LO, "CORPUS " + spec.modality().name());
        ds.setString(0x00100010, VR.PN, "Corpus^Subject");
        ds.setString(0x00100020, VR.LO, "CORPUS-" + spec.seed());
        ds.setString(0x00100030, VR.DA, "19600301");
        ds.setString(0x00100040, VR.CS, "O");
        ds.setString(0x0020000D, VR.UI, uid(spec, 1));
        ds.setString(0x0020000E, VR.UI, uid(spec, 2));
        ds.setString(0x00200010, VR.SH, "1");
        ds.setString(0x00200011, VR.IS, "1");
        ds.setString(0x00200013, VR.IS, "1");
        ds.setString(0x00200020, VR.CS, "");
        if (spec.modality() != Modality.DX) {
            ds.setString(0x00200060, VR.CS, ""); // Laterality: DX says it per image (Image Laterality)
        }
        switch (spec.modality()) {
            case CT -> {
                ds.setString(0x00180050, VR.DS, "1");
                ds.setString(0x00180060, VR.DS, "120");
                ds.setString(0x00185100, VR.CS, "HFS");
                ds.setString(0x00200012, VR.IS, "1");
                ds.setString(0x00200032, VR.DS, "-250\\-250\\0");
                ds.setString(0x00200037, VR.DS, "1\\0\\0\\0\\1\\0");
                ds.setString(0x00200052, VR.UI, uid(spec, 4));
                ds.setString(0x00201040, VR.LO, "");
                ds.setString(0x00280030, VR.DS, "0.9765625\\0.9765625");
                ds.setString(0x00281052, VR.DS, Double.toString(d.rescaleIntercept()).replaceAll("\\.0$", ""));
                ds.setString(0x00281053, VR.DS, Double.toString(d.rescaleSlope()).replaceAll("\\.0$", ""));
                ds.setString(0x00281054, VR.LO, "HU");
            }
            case DX -> {
                ds.setString(0x00080068, VR.CS, "FOR PRESENTATION");
                ds.setString(0x00185101, VR.CS, "PA");
                ds.setString(0x00181164, VR.DS, "0.15\\0.15");
                ds.setString(0x00200020, VR.CS, "L\\F");
                ds.setString(0x00200062, VR.CS, "U");
                ds.setString(0x00187004, VR.CS, "SCINTILLATOR");
                ds.setString(0x00181508, VR.CS, "");
                ds.put(new org.mip.dicom.data.SequenceElement(0x00082218, VR.SQ, false));
                ds.put(new org.mip.dicom.data.SequenceElement(0x00400555, VR.SQ, false));
                ds.setString(0x00281040, VR.CS, "LIN");
                ds.setInts(0x00281041, VR.SS, 1);
                ds.setString(0x00281052, VR.DS, "0");
                ds.setString(0x00281053, VR.DS, "1");
                ds.setString(0x00281054, VR.LO, "US");
                ds.setString(0x20500020, VR.CS, "INVERSE");
            }
            case XA -> {
                ds.setString(0x00180060, VR.DS, "80");
                ds.setString(0x00181150, VR.IS, "10");
                ds.setString(0x00181151, VR.IS, "400");
                ds.setString(0x00181152, VR.IS, "4");
                ds.setString(0x00181500, VR.CS, "STATIC");
                ds.setString(0x00181510, VR.DS, "0");
                ds.setString(0x00181511, VR.DS, "0");
                ds.setString(0x00181155, VR.CS, "SC");
                ds.setString(0x00281040, VR.CS, "LIN");
            }
            default -> { }
        }
        if (multi) {
            ds.setString(0x00181063, VR.DS, "33.3");
            // AT: group then element, each a 16-bit little endian word
            ds.put(new ValueElement(0x00280009, VR.AT, new byte[] {0x18, 0x00, 0x63, 0x10}));
            ds.setString(0x00280008, VR.IS, Integer.toString(frames.size()));
        }
        ds.setInts(0x00280002, VR.US, d.samplesPerPixel());
        ds.setString(0x00280004, VR.CS, d.photometric());
        if (d.color()) {
            ds.setInts(0x00280006, VR.US, 0);
        }
        ds.setInts(0x00280010, VR.US, d.rows());
        ds.setInts(0x00280011, VR.US, d.columns());
        ds.setInts(0x00280100, VR.US, d.bitsAllocated());
        ds.setInts(0x00280101, VR.US, d.bitsStored());
        ds.setInts(0x00280102, VR.US, d.highBit());
        ds.setInts(0x00280103, VR.US, d.signed() ? 1 : 0);
        if (d.window() != null) {
            ds.setString(0x00281050, VR.DS, decimal(d.window().center()));
            ds.setString(0x00281051, VR.DS, decimal(d.window().width()));
        }
        if (spec.burnedIn() != null) {
            ds.setString(0x00280301, VR.CS, spec.burnedIn());
        }
        ds.setString(0x00282110, VR.CS, "00");
        return ds;
    }

    private static String decimal(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
