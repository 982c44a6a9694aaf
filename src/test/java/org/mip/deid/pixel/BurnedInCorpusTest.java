package org.mip.deid.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.deid.DeidRefusal;
import org.mip.deid.DeidResult;
import org.mip.deid.Deidentifier;
import org.mip.deid.Deidentifiers;
import org.mip.deid.pixel.BurnedInCorpus.Instance;
import org.mip.deid.pixel.BurnedInCorpus.Spec;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.GrayViews;
import org.mip.deid.pixel.detect.Legibility;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.pixel.detect.OcrStatus;
import org.mip.deid.pixel.detect.TesseractOcr;
import org.mip.deid.pixel.detect.TextCorpus;
import org.mip.deid.profile.ProfileLoader;
import org.mip.deid.pseudo.DeidKey;
import org.mip.dicom.codec.TestFiles;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.io.DicomReader;
import org.mip.dicom.io.DicomWriter;
import org.mip.testing.Scanning;
import org.mip.testing.Tools;

/**
 * Proof that burned-in text is gone at the DICOM level, on every common transfer syntax
 * ({@link BurnedInCorpus}: US JPEG Baseline single and multi-frame, US RGB native, XA JPEG Lossless
 * multi-frame, DX MONOCHROME1 12-bit native and JPEG 2000, SC RGB RLE and JPEG Baseline, CT 16-bit
 * signed native and JPEG-LS, flags YES/NO/absent, clean controls). Each instance goes through the
 * real Basic profile with the real scan engine (OCR on); the published output is decoded by an
 * independent tool (dcmtk's dcmdjpeg, dcmdjpls, dcmdrle; GDCM's {@code gdcmconv --raw} for JPEG 2000) and measured
 * against the ground truth of the planted texts:
 * <ul>
 * <li>texts still legible after (a hard-trying OCR reader of each text's region, every frame): 0;</li>
 * <li>clean controls refused: 0, and their pixels unchanged;</li>
 * <li>pixels changed outside the planted ink boxes grown by the detector's documented margin
 *     (2 px + 5 % of the line height): under 1 % per image;</li>
 * <li>text images quarantined: at most 10 %, each with a specific reason code;</li>
 * <li>every output read by dcmdump, gdcmdump and pydicom (pixel_array, through gdcmconv --raw where
 *     pydicom 2 has no decoder), no dciodvfy error the input did not have;</li>
 * <li>Lossy Image Compression 01 kept for lossy input; Burned In Annotation NO and Clean Pixel Data
 *     (113101) after a redaction, the input's flag otherwise.</li>
 * </ul>
 * A target missed by an instance listed in {@link #KNOWN_GAPS} is reported, not failed (a detection
 * gap, documented with its figure); any other miss fails, and so does a known gap that is gone.
 * The figures are printed as a table (docs/BENCHMARKS.md, "Burned-in text at the DICOM level"),
 * with the de-identification time per frame with scanning beside the same file through a profile
 * that does not scan ({@code detect: never}, no risky lists).
 */
class BurnedInCorpusTest {
    /** The detector's margin around a box (docs/PIXEL_REDACTION.md, "The detectors": 2 px + 5 % of the line height). */
    static int margin(int lineHeight) {
        return 2 + (lineHeight * 5 + 99) / 100;
    }

    /**
     * Share of an image's pixels that may change outside its texts' boxes (the brief's target, per
     * image); the mean over the text images must stay under it too (the target).
     */
    private static final double MAX_OUTSIDE_PER_IMAGE = 0.01;

    /**
     * Targets this corpus shows the detectors missing, by instance: {@code LEGIBLE} (a planted text
     * still readable after the pipeline), {@code OUTSIDE} (1 % or more of the image changed outside
     * the texts' boxes). Each is a detection gap reported in docs/BENCHMARKS.md ("Burned-in text at
     * the DICOM level") with its figure; the detectors' thresholds are not tuned to this corpus.
     * <ul>
     * <li>sc-rle-2-b: a date over the plot's curves blanked in its middle only (single letters left
     *     at both ends) by a box much taller than the text (2.01 % outside); its 9 px bold ID, once
     *     missed, is found by text-likeness's bold lines;</li>
     * <li>(xa-jpegll-cine3b-b: 1.92 %, text-likeness boxes on vessel and noise in the verification rounds,
     *     under 1 % since the display view truncates its window's output instead of rounding it;
     *     5.66 % when every frame was blanked with the union of all frames' boxes)</li>
     * <li>us-jpeg-1-b, us-jpeg-2: boxes grown beyond the text over speckle in the verification rounds;</li>
     * <li>sc-jpeg-1: 1.14 %, two crossings of the plot's coloured curves on its white panel, taken for
     *     text in the colour-minimum view (under 1 % before that view, which finds yellow text on a pale
     *     microscopy slide: a leak of a probe, 2026-12-07).</li>
     * </ul>
     */
    static final Set<String> KNOWN_GAPS = Set.of("sc-rle-2-b OUTSIDE",
            "us-jpeg-1-b OUTSIDE", "us-jpeg-2 OUTSIDE", "sc-jpeg-1 OUTSIDE");

    /** A text's ink counts as visible at this coverage (25 %), as in the raster benchmark. */
    private static final int VISIBLE_COVERAGE = 64;

    private static final String NO_SCAN_PROFILE = """
            name: no-scan
            options: []
            burned-in:
              detect: never
              trust-no: true
              risky-modalities: []
              risky-sop-classes: []
            """;

    @TempDir
    Path dir;

    /** Figures of one table row. */
    static final class Row {
        int images;
        int frames;
        int texts;
        int found;
        int legibleBefore;
        int legibleAfter;
        int textImages;
        int quarantined;
        int controls;
        int controlsRefused;
        int controlsAltered;
        double outsideSum;
        int outsideImages;
        double outsideMax;
        double scanMs;
        double noScanMs;
        double pairedScanMs;
        int noScanFrames;
        final List<String> codes = new ArrayList<>();
    }

    /** Decoded frames, interleaved, with their description as the decoded file states it. */
    record Decoded(Dataset dataset, FrameDescription description, List<byte[]> frames) {
    }

    @Test
    void burnedInTextIsGoneOnEveryCommonSyntax() throws Exception {
        for (String tool : List.of("dcmdump", "dcmj2pnm", "dcml2pnm", "gdcmdump", "gdcmconv", "dcmdjpeg", "dcmdjpls", "dcmdrle", "dciodvfy")) {
            TestFiles.requireTool(tool);
        }
        Tools.Result py = Tools.run(Tools.PYTHON, "-c", "import pydicom, numpy");
        assumeTrue(py.exit() == 0, "pydicom and numpy under /usr/bin/python3");
        assumeTrue(Scanning.engine().ocr(), "OCR (Tesseract and eng.traineddata) must load: " + Scanning.engine().describe());
        OcrStatus ocr = TesseractOcr.probe(OcrSettings.defaults());

        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        DeidKey key = DeidKey.of(k);
        Deidentifier scan = Deidentifiers.create(ProfileLoader.builtIn("basic"), key, "corpus", dir, Scanning.engine());
        Deidentifier noScan = Deidentifiers.create(ProfileLoader.loadString(NO_SCAN_PROFILE, "no-scan"), key, "corpus", dir,
                Scanning.engine());

        List<Spec> specs = specs();
        List<Instance> instances = new ArrayList<>();
        for (Spec s : specs) {
            instances.add(BurnedInCorpus.build(s, Files.createDirectories(dir.resolve("in"))));
        }
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("raw"));
        // Warm-up (JIT, Tesseract's first allocations), untimed.
        deidentify(scan, instances.get(0).file(), dir.resolve("warm.dcm"));

        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> aboveOnePercent = new ArrayList<>();
        Set<String> gaps = new TreeSet<>();
        List<String[]> pydicomChecks = new ArrayList<>();
        Map<String, long[]> expectedPixels = new LinkedHashMap<>();
        try (Legibility reader = new Legibility(ocr.tessdata())) {
            for (Instance inst : instances) {
                Spec spec = inst.spec();
                Row row = rows.computeIfAbsent(spec.row(), r -> new Row());
                row.images++;
                row.frames += inst.frames().size();
                Decoded before = decode(inst.file(), "in");
                String flagBefore;
                boolean lossyInput;
                try (DicomFile f = TestFiles.read(inst.file())) {
                    flagBefore = f.dataset().getString(0x00280301);
                    lossyInput = "01".equals(f.dataset().getString(0x00282110));
                }
                assertEquals(spec.encoding().lossy, lossyInput, spec.name() + ": Lossy Image Compression of the input");

                Path out = dir.resolve("out").resolve(spec.name() + ".dcm");
                long t0 = System.nanoTime();
                Object outcome = deidentify(scan, inst.file(), out);
                double ms = (System.nanoTime() - t0) / 1e6;
                row.scanMs += ms;
                Path outNoScan = dir.resolve("out").resolve(spec.name() + ".noscan.dcm");
                long t1 = System.nanoTime();
                Object noScanOutcome = deidentify(noScan, inst.file(), outNoScan);
                double msNoScan = (System.nanoTime() - t1) / 1e6;
                if (noScanOutcome instanceof DeidResult) {
                    row.noScanMs += msNoScan;
                    row.pairedScanMs += ms;
                    row.noScanFrames += inst.frames().size();
                    Files.delete(outNoScan);
                }
                if (spec.control()) {
                    row.controls++;
                } else {
                    row.textImages++;
                    row.texts += inst.texts();
                }

                if (outcome instanceof DeidRefusal r) {
                    row.codes.add(r.code());
                    if (spec.control()) {
                        row.controlsRefused++;
                        problems.add(spec.name() + ": clean control refused (" + r.code() + ")");
                    } else {
                        row.quarantined++;
                    }
                    if (r.code() == null || !r.code().matches("[A-Z][A-Z0-9_]+") || r.code().equals("INTERNAL_ERROR")) {
                        problems.add(spec.name() + ": refused without a specific reason code: " + r.code());
                    }
                    continue;
                }
                DeidResult result = (DeidResult) outcome;
                row.codes.add(result.pixels().code());

                checkReaders(spec.name(), inst.file(), out, problems);
                Decoded after = decode(out, "out");
                if (losslessEncapsulated(out)) {
                    // a second, independent decoder of what the pipeline wrote must see the same samples
                    Decoded gdcm = decodeWith(out, new String[] {"gdcmconv", "--raw"}, "gdcm");
                    for (int f = 0; f < after.frames().size(); f++) {
                        if (!Arrays.equals(after.frames().get(f), gdcm.frames().get(f))) {
                            problems.add(spec.name() + " frame " + f + ": dcmtk and GDCM decode the output differently");
                        }
                    }
                }
                Path raw = dir.resolve("raw").resolve(spec.name() + ".out.dcm");
                pydicomChecks.add(new String[] {out.toString(), Files.exists(raw) ? raw.toString() : ""});
                expectedPixels.put(out.toString(), shapeAndSum(after));
                checkHeader(spec.name(), lossyInput, flagBefore, result, out, problems);

                // Pixels: geometry, then the planted texts and everything outside them.
                if (after.frames().size() != inst.frames().size()
                        || after.description().rows() != before.description().rows()
                        || after.description().columns() != before.description().columns()
                        || after.description().samplesPerPixel() != before.description().samplesPerPixel()) {
                    problems.add(spec.name() + ": output geometry " + after.description() + " != input " + before.description());
                    continue;
                }
                boolean[] textArea = textArea(inst);
                long changedOutside = 0;
                long changedAnywhere = 0;
                for (int f = 0; f < inst.frames().size(); f++) {
                    TextCorpus.Image truth = inst.frames().get(f);
                    byte[] was = before.frames().get(f);
                    byte[] now = after.frames().get(f);
                    List<GrayViews.View> viewsBefore = GrayViews.of(was, before.description());
                    List<GrayViews.View> viewsAfter = GrayViews.of(now, after.description());
                    for (TextCorpus.Text t : truth.texts()) {
                        row.legibleBefore += reader.legible(viewsBefore, t) ? 1 : 0;
                        if (reader.legible(viewsAfter, t)) {
                            row.legibleAfter++;
                            gaps.add(spec.name() + " LEGIBLE");
                            System.out.println("still legible: " + spec.name() + " frame " + f + " " + t.content() + " "
                                    + t.fontPx() + " px " + t.placement() + (t.light() ? " light" : " dark")
                                    + (t.rotated() ? " rotated" : ""));
                        }
                        row.found += inkBlanked(truth, t, now, after.description()) ? 1 : 0;
                    }
                    int spp = after.description().samplesPerPixel();
                    int bps = after.description().bitsAllocated() / 8;
                    for (int p = 0; p < textArea.length; p++) {
                        boolean differs = !Arrays.equals(was, p * spp * bps, (p + 1) * spp * bps, now, p * spp * bps,
                                (p + 1) * spp * bps);
                        if (differs) {
                            changedAnywhere++;
                            if (!textArea[p]) {
                                changedOutside++;
                            }
                        }
                    }
                }
                String pngDir = System.getProperty("mip.corpus.dump");
                if (pngDir != null) {
                    Files.copy(inst.file(), Path.of(pngDir, spec.name() + ".in.dcm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(out, Path.of(pngDir, spec.name() + ".out.dcm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    for (int f = 0; f < inst.frames().size(); f++) {
                        png(GrayViews.of(after.frames().get(f), after.description()).get(0).image(),
                                Path.of(pngDir, spec.name() + "-" + f + ".png"));
                    }
                }
                double share = (double) changedOutside / ((long) textArea.length * inst.frames().size());
                if (spec.control()) {
                    if (changedAnywhere > 0) {
                        row.controlsAltered++;
                        if (!spec.encoding().lossy) {
                            problems.add(spec.name() + ": clean control of lossless input published with " + changedAnywhere
                                    + " pixels changed");
                        }
                    }
                } else {
                    row.outsideSum += share;
                    row.outsideImages++;
                    row.outsideMax = Math.max(row.outsideMax, share);
                }
                if (share >= MAX_OUTSIDE_PER_IMAGE) {
                    gaps.add(spec.name() + " OUTSIDE");
                    aboveOnePercent.add(String.format(Locale.ROOT, "%s %.2f %%", spec.name(), 100 * share));
                }
            }
        }

        checkWithPydicom(pydicomChecks, expectedPixels, problems);
        print(rows);

        int textImages = rows.values().stream().mapToInt(r -> r.textImages).sum();
        int quarantined = rows.values().stream().mapToInt(r -> r.quarantined).sum();
        if (quarantined > textImages / 10) {
            problems.add("quarantined " + quarantined + " of " + textImages + " text images (at most 10 %)");
        }
        double outsideMean = rows.values().stream().mapToDouble(r -> r.outsideSum).sum()
                / Math.max(1, rows.values().stream().mapToInt(r -> r.outsideImages).sum());
        System.out.println("images with 1 % or more changed outside the text boxes: " + aboveOnePercent);
        System.out.printf(Locale.ROOT, "mean changed outside the text boxes over %d text images: %.2f %%%n",
                rows.values().stream().mapToInt(r -> r.outsideImages).sum(), 100 * outsideMean);
        if (outsideMean >= 0.01) {
            problems.add(String.format(Locale.ROOT, "%.2f %% of the pixels changed outside the text boxes on average", 100 * outsideMean));
        }
        // Every target missed is either a known gap (KNOWN_GAPS, reported with its figure) or a failure; a
        // known gap that is no longer seen fails too, so the list only shrinks as detection improves.
        Set<String> included = new TreeSet<>();
        specs.forEach(sp -> included.add(sp.name()));
        Set<String> unexpected = new TreeSet<>(gaps);
        unexpected.removeAll(KNOWN_GAPS);
        Set<String> stale = new TreeSet<>();
        for (String g : KNOWN_GAPS) {
            if (included.contains(g.substring(0, g.indexOf(' '))) && !gaps.contains(g)) {
                stale.add(g);
            }
        }
        System.out.println("known gaps seen: " + gaps);
        unexpected.forEach(g -> problems.add("target missed (not a known gap): " + g));
        stale.forEach(g -> problems.add("known gap no longer seen, remove it from KNOWN_GAPS: " + g));
        int legibleBefore = rows.values().stream().mapToInt(r -> r.legibleBefore).sum();
        if (legibleBefore == 0) {
            problems.add("the legibility reader read no planted text even before the pipeline: it measures nothing");
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /**
     * The output as independent tools read it: dcmdump without error, gdcmdump, dcmtk's renderer
     * (dcmj2pnm, dcml2pnm: dcm2pnm with the JPEG, RLE and JPEG-LS decoders) writing every frame as PNG,
     * and no dciodvfy error the input did not have.
     */
    private void checkReaders(String name, Path in, Path out, List<String> problems) throws Exception {
        Tools.Result dump = Tools.dcmdump(out);
        if (dump.exit() != 0 || dump.out().lines().anyMatch(l -> l.startsWith("E:"))) {
            problems.add(name + ": dcmdump reports errors: " + dump.stderr());
        }
        Tools.Result gdump = Tools.run("gdcmdump", out.toString());
        if (gdump.exit() != 0) {
            problems.add(name + ": gdcmdump failed: " + gdump.stderr());
        }
        String syntax;
        try (DicomFile f = TestFiles.read(out)) {
            syntax = f.transferSyntax().uid();
        }
        // dcmtk renders JPEG and RLE with dcmj2pnm, JPEG-LS with dcml2pnm, and has no JPEG 2000 decoder (an
        // untouched JPEG 2000 control is GDCM's to read)
        String renderer = syntax.startsWith("1.2.840.10008.1.2.4.9") ? null
                : syntax.startsWith("1.2.840.10008.1.2.4.8") ? "dcml2pnm" : "dcmj2pnm";
        if (renderer != null) {
            Tools.Result pnm = Tools.run(renderer, "+Fa", "+on", out.toString(), dir.resolve("raw").resolve(name).toString());
            if (pnm.exit() != 0 || pnm.stderr().lines().anyMatch(l -> l.startsWith("E:") || l.startsWith("F:"))) {
                problems.add(name + ": " + renderer + " cannot render it: " + pnm.stderr());
            }
        }
        Set<String> newErrors = dciodvfyErrors(out);
        newErrors.removeAll(dciodvfyErrors(in));
        if (!newErrors.isEmpty()) {
            problems.add(name + ": dciodvfy errors the pipeline added: " + newErrors);
        }
    }

    /**
     * Lossy Image Compression 01 kept for lossy input; after a redaction Burned In Annotation NO and
     * Clean Pixel Data (113101) recorded (docs/PROFILES.md, burned-in), otherwise the flag as it came.
     */
    private static void checkHeader(String name, boolean lossyInput, String flagBefore, DeidResult result, Path out,
                                    List<String> problems) throws Exception {
        Dataset outDs;
        String outSyntax;
        try (DicomFile f = TestFiles.read(out)) {
            outDs = f.dataset();
            outSyntax = f.transferSyntax().uid();
        }
        if (lossyInput && !"01".equals(outDs.getString(0x00282110))) {
            problems.add(name + ": Lossy Image Compression not kept as 01 (output " + outSyntax + ")");
        }
        String flagAfter = outDs.getString(0x00280301);
        boolean cleanPixelCode = codes(outDs).contains("113101");
        if (result.pixels().redacted()) {
            if (!"NO".equals(flagAfter) || !cleanPixelCode) {
                problems.add(name + ": redacted, but Burned In Annotation is " + flagAfter + " and Clean Pixel Data recorded: "
                        + cleanPixelCode);
            }
        } else if (!Objects.equals(flagBefore, flagAfter) || cleanPixelCode) {
            problems.add(name + ": not redacted, but Burned In Annotation went " + flagBefore + " -> " + flagAfter
                    + ", Clean Pixel Data recorded: " + cleanPixelCode);
        }
    }

    /** The corpus the test runs: all of it, or the specs named in {@code -Dmip.corpus.only=a,b}. */
    private static List<Spec> specs() {
        String only = System.getProperty("mip.corpus.only", "");
        if (only.isBlank()) {
            return BurnedInCorpus.standard();
        }
        Set<String> names = Set.of(only.split(","));
        return BurnedInCorpus.standard().stream().filter(s -> names.contains(s.name())).toList();
    }

    /** De-identifies {@code in} into {@code out}: the result, or the refusal (nothing written). */
    private static Object deidentify(Deidentifier deid, Path in, Path out) throws Exception {
        try (DicomFile file = DicomReader.read(in)) {
            DeidResult r = deid.deidentify(file);
            DicomWriter.write(file, out);
            return r;
        } catch (DeidRefusal r) {
            return r;
        }
    }

    /**
     * The independent decoder of a syntax: dcmtk for the JPEG family, JPEG-LS and RLE (its JPEG decoder
     * turns YBR into RGB as ours does), GDCM for JPEG 2000. Input and output of one syntax go through
     * the same decoder, so a frame the pipeline left alone compares equal.
     */
    private static String[] decoderFor(String syntax) {
        return switch (syntax) {
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" ->
                    new String[] {"dcmdjpeg", "+px"};
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" -> new String[] {"dcmdjpls", "+px"};
            case "1.2.840.10008.1.2.5" -> new String[] {"dcmdrle"};
            default -> new String[] {"gdcmconv", "--raw"};
        };
    }

    /** The file's frames as an independent tool decodes them (native files are read as they are). */
    private Decoded decode(Path file, String side) throws Exception {
        try (DicomFile f = TestFiles.read(file)) {
            return decodeWith(file, decoderFor(f.transferSyntax().uid()), side);
        }
    }

    /** Encapsulated in a lossless syntax: two decoders must agree exactly (lossy decoders may differ by rounding). */
    private static boolean losslessEncapsulated(Path file) throws Exception {
        try (DicomFile f = TestFiles.read(file)) {
            return f.transferSyntax().encapsulated() && !Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
                    "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91").contains(f.transferSyntax().uid());
        }
    }

    private Decoded decodeWith(Path file, String[] tool, String side) throws Exception {
        Path source = file;
        boolean encapsulated;
        try (DicomFile f = TestFiles.read(file)) {
            encapsulated = f.transferSyntax().encapsulated();
        }
        if (encapsulated) {
            source = dir.resolve("raw").resolve(file.getFileName().toString().replace(".dcm", "." + side + ".dcm"));
            List<String> cmd = new ArrayList<>(List.of(tool));
            cmd.add(file.toString());
            cmd.add(source.toString());
            TestFiles.run(cmd.toArray(new String[0]));
        }
        try (DicomFile f = TestFiles.read(source)) {
            Dataset ds = f.dataset();
            FrameDescription d = FrameDescription.of(ds);
            byte[] pixels = TestFiles.nativePixels(f);
            int frames = ds.getInt(0x00280008, 1);
            int length = (int) d.frameLength();
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                byte[] frame = Arrays.copyOfRange(pixels, i * length, (i + 1) * length);
                out.add(d.planar() ? interleave(frame, d) : frame);
            }
            if (d.planar()) {
                d = new FrameDescription(d.rows(), d.columns(), d.samplesPerPixel(), d.bitsAllocated(), d.bitsStored(),
                        d.highBit(), d.signed(), false, d.photometric(), d.rescaleSlope(), d.rescaleIntercept(), d.window(),
                        d.palette());
            }
            return new Decoded(ds, d, out);
        }
    }

    private static byte[] interleave(byte[] planar, FrameDescription d) {
        assertEquals(8, d.bitsAllocated(), "planar colour of 8 bits only");
        int n = d.rows() * d.columns();
        byte[] out = new byte[planar.length];
        for (int p = 0; p < n; p++) {
            for (int s = 0; s < 3; s++) {
                out[3 * p + s] = planar[s * n + p];
            }
        }
        return out;
    }

    private static void png(org.mip.deid.pixel.detect.Gray8 g, Path file) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(g.width(), g.height(),
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, g.width(), g.height(), g.pixels());
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }

    /** Per pixel: inside a planted text's ink box grown by the detector's margin, in any frame (the cine's union). */
    private static boolean[] textArea(Instance inst) {
        FrameDescription d = inst.frames().get(0).description();
        int w = d.columns();
        int h = d.rows();
        boolean[] area = new boolean[w * h];
        for (TextCorpus.Image img : inst.frames()) {
            for (TextCorpus.Text t : img.texts()) {
                int m = margin(t.rotated() ? t.width() : t.height());
                for (int y = Math.max(0, t.y() - m); y < Math.min(h, t.y() + t.height() + m); y++) {
                    Arrays.fill(area, y * w + Math.max(0, t.x() - m), y * w + Math.min(w, t.x() + t.width() + m), true);
                }
            }
        }
        return area;
    }

    /** Every visible ink pixel of the text (coverage 25 % or more) holds the blank value in the output. */
    private static boolean inkBlanked(TextCorpus.Image truth, TextCorpus.Text t, byte[] now, FrameDescription d) {
        int w = d.columns();
        for (int y = t.y(); y < t.y() + t.height(); y++) {
            for (int x = t.x(); x < t.x() + t.width(); x++) {
                int p = y * w + x;
                if ((truth.ink()[p] & 0xFF) < VISIBLE_COVERAGE) {
                    continue;
                }
                if (d.color()) {
                    if (now[3 * p] != 0 || now[3 * p + 1] != 0 || now[3 * p + 2] != 0) {
                        return false;
                    }
                } else {
                    long blank = d.photometric().equals(FrameDescription.MONOCHROME1) ? d.maxStored() : d.minStored();
                    if (sample(now, p, d) != blank) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Sample {@code index} (little endian words of Bits Allocated), through Bits Stored, sign-extended when signed. */
    static long sample(byte[] b, int index, FrameDescription d) {
        int bps = d.bitsAllocated() / 8;
        long v = 0;
        for (int k = bps - 1; k >= 0; k--) {
            v = (v << 8) | (b[index * bps + k] & 0xFF);
        }
        v &= (1L << d.bitsStored()) - 1;
        if (d.signed() && (v & (1L << (d.bitsStored() - 1))) != 0) {
            v -= 1L << d.bitsStored();
        }
        return v;
    }

    /** Frames, rows, columns, samples and the sum of every sample value: what pydicom must read too. */
    private static long[] shapeAndSum(Decoded d) {
        long sum = 0;
        FrameDescription fd = d.description();
        for (byte[] f : d.frames()) {
            int samples = f.length / (fd.bitsAllocated() / 8);
            for (int i = 0; i < samples; i++) {
                sum += sample(f, i, fd);
            }
        }
        return new long[] {d.frames().size(), fd.rows(), fd.columns(), fd.samplesPerPixel(), sum};
    }

    /** The Code Values of De-identification Method Code Sequence (0012,0064). */
    private static Set<String> codes(Dataset ds) {
        Set<String> out = new TreeSet<>();
        Element e = ds.get(0x00120064);
        if (e instanceof SequenceElement s) {
            for (Dataset item : s.items()) {
                out.add(item.getString(0x00080100));
            }
        }
        return out;
    }

    /** dciodvfy's error lines (it prints them on stderr). */
    private static Set<String> dciodvfyErrors(Path file) {
        Tools.Result r = Tools.dciodvfy(file);
        Set<String> out = new TreeSet<>();
        for (String line : (r.out() + "\n" + r.stderr()).split("\n")) {
            if (line.startsWith("Error")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /**
     * pydicom reads every output whole; its pixel_array (of the output, or of GDCM's native copy where
     * pydicom 2 has no decoder for the output's syntax) has the shape and sample sum our reading has.
     */
    private static void checkWithPydicom(List<String[]> files, Map<String, long[]> expected, List<String> problems)
            throws Exception {
        if (files.isEmpty()) {
            return;
        }
        String script = """
                import json, sys, pydicom
                from pydicom.uid import UID
                for out, raw in zip(sys.argv[1::2], sys.argv[2::2]):
                    try:
                        ds = pydicom.dcmread(out)
                        for _ in ds.iterall():
                            pass
                        ts = UID(ds.file_meta.TransferSyntaxUID)
                        src = ds if (not ts.is_compressed or ts == pydicom.uid.RLELossless or not raw) else pydicom.dcmread(raw)
                        a = src.pixel_array
                        frames = int(getattr(src, 'NumberOfFrames', 1) or 1)
                        print(json.dumps({"file": out, "shape": list(a.shape), "frames": frames, "sum": int(a.astype('int64').sum())}))
                    except Exception as e:
                        print(json.dumps({"file": out, "error": type(e).__name__ + ': ' + str(e)}))
                """;
        List<String> cmd = new ArrayList<>(List.of(Tools.PYTHON, "-W", "ignore", "-c", script));
        for (String[] f : files) {
            cmd.add(f[0]);
            cmd.add(f[1]);
        }
        Tools.Result r = Tools.run(120, cmd);
        assertEquals(0, r.exit(), () -> "pydicom script failed: " + r.stderr());
        ObjectMapper json = new ObjectMapper();
        int seen = 0;
        for (String line : new String(r.stdout(), StandardCharsets.UTF_8).lines().toList()) {
            JsonNode n = json.readTree(line);
            String file = n.get("file").asText();
            String name = Path.of(file).getFileName().toString();
            seen++;
            if (n.has("error")) {
                problems.add(name + ": pydicom cannot read it: " + n.get("error").asText());
                continue;
            }
            long[] e = expected.get(file);
            List<Long> shape = new ArrayList<>();
            if (e[0] > 1) {
                shape.add(e[0]);
            }
            shape.add(e[1]);
            shape.add(e[2]);
            if (e[3] > 1) {
                shape.add(e[3]);
            }
            List<Long> got = new ArrayList<>();
            n.get("shape").forEach(v -> got.add(v.asLong()));
            if (!shape.equals(got) || n.get("sum").asLong() != e[4]) {
                problems.add(name + ": pydicom reads shape " + got + " sum " + n.get("sum").asLong() + ", we read " + shape
                        + " sum " + e[4]);
            }
        }
        if (seen != files.size()) {
            problems.add("pydicom reported on " + seen + " of " + files.size() + " outputs");
        }
    }

    private static void print(Map<String, Row> rows) {
        System.out.println();
        System.out.println("Burned-in text at the DICOM level (BurnedInCorpusTest)");
        System.out.println("| syntax / modality | images (controls) | frames | texts | found | legible before | legible after "
                + "| quarantined | controls refused | controls altered | outside changed, mean / max | ms per frame, scan "
                + "| ms per frame, no scan | scan / no scan | pixel codes |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Row total = new Row();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            line(e.getKey(), r);
            total.images += r.images;
            total.frames += r.frames;
            total.texts += r.texts;
            total.found += r.found;
            total.legibleBefore += r.legibleBefore;
            total.legibleAfter += r.legibleAfter;
            total.textImages += r.textImages;
            total.quarantined += r.quarantined;
            total.controls += r.controls;
            total.controlsRefused += r.controlsRefused;
            total.controlsAltered += r.controlsAltered;
            total.outsideSum += r.outsideSum;
            total.outsideImages += r.outsideImages;
            total.outsideMax = Math.max(total.outsideMax, r.outsideMax);
            total.scanMs += r.scanMs;
            total.noScanMs += r.noScanMs;
            total.pairedScanMs += r.pairedScanMs;
            total.noScanFrames += r.noScanFrames;
        }
        line("**all**", total);
        System.out.println();
    }

    private static void line(String name, Row r) {
        double scanPerFrame = r.scanMs / r.frames;
        double noScanPerFrame = r.noScanFrames == 0 ? Double.NaN : r.noScanMs / r.noScanFrames;
        Map<String, Integer> codes = new LinkedHashMap<>();
        r.codes.forEach(c -> codes.merge(c, 1, Integer::sum));
        System.out.printf(Locale.ROOT, "| %s | %d (%d) | %d | %d | %d | %d | %d | %d of %d | %d of %d | %d | %.2f %% / %.2f %% "
                        + "| %.0f | %.0f | %.1f | %s |%n",
                name, r.images, r.controls, r.frames, r.texts, r.found, r.legibleBefore, r.legibleAfter, r.quarantined,
                r.textImages, r.controlsRefused, r.controls, r.controlsAltered,
                r.outsideImages == 0 ? 0 : 100 * r.outsideSum / r.outsideImages, 100 * r.outsideMax, scanPerFrame,
                noScanPerFrame, r.noScanMs == 0 ? Double.NaN : r.pairedScanMs / r.noScanMs, codes.isEmpty() ? "" : codes.toString());
    }
}
