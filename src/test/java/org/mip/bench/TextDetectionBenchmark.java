package org.mip.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.mip.deid.pixel.detect.CombinedDetector;
import org.mip.deid.pixel.detect.Gray8;
import org.mip.deid.pixel.detect.GrayViews;
import org.mip.deid.pixel.detect.Legibility;
import org.mip.deid.pixel.detect.OcrSettings;
import org.mip.deid.pixel.detect.OcrStatus;
import org.mip.deid.pixel.detect.TesseractOcr;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.pixel.detect.TextCorpus;
import org.mip.deid.pixel.detect.TextFinder;
import org.mip.deid.pixel.detect.TextLikenessDetector;
import org.mip.deid.pixel.detect.Verification;

/**
 * Burned-in text detection on the generated raster corpus ({@link TextCorpus}): what each detector
 * finds, what is still legible after blanking, what is blanked for nothing, and the cost per frame
 * (docs/PIXEL_REDACTION.md, "Finding text"; docs/BENCHMARKS.md).
 *
 * <pre>
 * mvn -q -B test-compile
 * mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * OMP_THREAD_LIMIT=1 taskset -c 0 java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.mip.bench.TextDetectionBenchmark [--per-modality 12] [--controls 4] [--small N | --bold N]
 *     [--lines-only | --no-bold | --no-fused | --no-oblique] [--dump DIR]
 * </pre>
 *
 * For every frame: the views ({@link GrayViews}; their making is the baseline the detectors' times
 * are divided by), then each finder (OCR only, text-likeness only, both combined: each with the
 * margin and merging of {@link CombinedDetector}) on all views. Figures:
 * <ul>
 * <li>found: a planted text whose visible ink (every pixel it changed by 24 grey levels or more, at
 *     coverage 25 % or more) lies wholly inside the boxes;</li>
 * <li>legible after blanking: the frame redacted with the combined boxes (in stored values, as the
 *     redactor blanks), each text's region (its box grown by one line height) cut from every view,
 *     enlarged 3x (both rotations for vertical text) and read by Tesseract as a block; legible when a
 *     planted word of 3 or more letters/digits is read. The same check on the frames before blanking
 *     shows it can see the text at all;</li>
 * <li>controls with anything found; pixels changed outside the texts' own boxes (share of the frame,
 *     averaged over all frames); verification (the combined finder on the redacted frame) not clean;</li>
 * <li>time per 512x512 frame: thread CPU time (what one core spends, native code included when
 *     Tesseract runs in the calling thread: set OMP_THREAD_LIMIT=1) and wall time, median and 95th
 *     percentile, with the load average before and after.</li>
 * </ul>
 */
public final class TextDetectionBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TextDetectionBenchmark() {
    }

    /** Per finder: counts and times. */
    private static final class Tally {
        int texts;
        int found;
        double coverage;
        int controls;
        int controlsHit;
        double outsideShare;
        int frames;
        final List<Double> cpuMs = new ArrayList<>();
        final List<Double> wallMs = new ArrayList<>();
        final Map<String, int[]> byClass = new LinkedHashMap<>();
        final List<String> missed = new ArrayList<>();
        final Map<String, Double> outsideByFrame = new LinkedHashMap<>();
    }

    public static void main(String[] args) throws Exception {
        int perModality = 12;
        int controls = 4;
        Path dump = null;
        int small = 0;
        boolean linesOnly = false;
        boolean noBold = false;
        boolean noFused = false;
        boolean noOblique = false;
        boolean noLarge = false;
        int bold = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per-modality" -> perModality = Integer.parseInt(args[++i]);
                case "--controls" -> controls = Integer.parseInt(args[++i]);
                case "--dump" -> dump = Path.of(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--lines-only" -> linesOnly = true;
                case "--no-bold" -> noBold = true;
                case "--no-fused" -> noFused = true;
                case "--no-oblique" -> noOblique = true;
                case "--no-large" -> noLarge = true;
                case "--bold" -> bold = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: TextDetectionBenchmark [--per-modality N] "
                        + "[--controls N] [--small N] [--bold N] [--lines-only] [--no-bold] [--no-fused] [--no-oblique] [--no-large] [--dump DIR]");
            }
        }
        String loadBefore = load();
        OcrSettings settings = OcrSettings.defaults();
        OcrStatus status = TesseractOcr.probe(settings);
        System.out.println(status.describe());
        if (!status.available()) {
            System.exit(2);
        }
        // --small N: the small-text set (N frames with device labels, --controls clean ones) instead.
        // --bold N: the small bold set (N frames of 8-10 px bold light text) with --controls clean frames per modality.
        List<TextCorpus.Image> corpus;
        if (small > 0) {
            corpus = TextCorpus.smallText(small, controls);
        } else if (bold > 0) {
            corpus = new ArrayList<>(TextCorpus.smallBold(bold));
            corpus.addAll(TextCorpus.corpus(0, controls));
        } else {
            corpus = TextCorpus.corpus(perModality, controls);
        }
        // --lines-only: text-likeness without short tokens (the detector before them; fused words need
        // them too); --no-bold: without bold lines; --no-fused: without fused words; for before/after in
        // one session; --no-oblique: without oblique lines; --no-large: without the large-text pass.
        System.out.println("text-likeness: " + (linesOnly ? "lines only" : "lines and short tokens")
                + (noBold ? ", no bold lines" : ", bold lines") + (noFused || linesOnly ? ", no fused words" : ", fused words")
                + (noOblique ? ", no oblique lines" : ", oblique lines") + (noLarge ? ", no large text" : ", large text"));
        System.out.printf(Locale.ROOT, "corpus: %d frames (%d clean), %d texts; %d cores visible, OMP_THREAD_LIMIT=%s, java %s%n",
                corpus.size(), corpus.stream().filter(TextCorpus.Image::control).count(),
                corpus.stream().mapToInt(i -> i.texts().size()).sum(), Runtime.getRuntime().availableProcessors(),
                System.getenv("OMP_THREAD_LIMIT"), System.getProperty("java.version"));
        if (dump != null) {
            Files.createDirectories(dump);
        }
        try (TesseractOcr ocr = TesseractOcr.open(settings); Legibility reader = new Legibility(ocr.tessdata())) {
            Map<String, TextFinder> finders = new LinkedHashMap<>();
            finders.put("ocr", new TextFinder(ocr, null));
            if ((linesOnly ? 1 : 0) + (noBold ? 1 : 0) + (noFused ? 1 : 0) + (noOblique ? 1 : 0) + (noLarge ? 1 : 0) > 1) {
                throw new IllegalArgumentException("--lines-only, --no-bold, --no-fused, --no-oblique and --no-large: one at a time");
            }
            TextLikenessDetector likeness = linesOnly ? TextLikenessDetector.linesOnly()
                    : noBold ? TextLikenessDetector.withoutBoldLines()
                    : noFused ? TextLikenessDetector.withoutFusedWords()
                    : noOblique ? TextLikenessDetector.withoutObliqueLines()
                    : noLarge ? TextLikenessDetector.withoutLargeText() : new TextLikenessDetector();
            finders.put("text-likeness", new TextFinder(null, likeness));
            finders.put("combined", new TextFinder(ocr, likeness));
            Map<String, Tally> tallies = new LinkedHashMap<>();
            finders.keySet().forEach(k -> tallies.put(k, new Tally()));
            Tally baseline = new Tally();

            // Warm-up: the JIT, Tesseract's first-use allocations.
            for (TextCorpus.Image img : corpus.subList(0, Math.min(6, corpus.size()))) {
                for (TextFinder f : finders.values()) {
                    f.find(GrayViews.of(img.frame(), img.description()));
                }
            }

            int legibleBefore = 0;
            int legibleAfter = 0;
            int legibleBeforeAndAfter = 0;
            int notMeasurable = 0;
            int textsTotal = 0;
            int verifyTextNotClean = 0;
            int verifyControlNotClean = 0;
            List<String> legibleNames = new ArrayList<>();
            List<Double> redactCpuMs = new ArrayList<>();
            int[] rounds = new int[TextFinder.MAX_ROUNDS + 1];
            Tally redactedTally = new Tally();
            for (TextCorpus.Image img : corpus) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                List<GrayViews.View> views = GrayViews.of(img.frame(), img.description());
                baseline.cpuMs.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
                baseline.wallMs.add((System.nanoTime() - w0) / 1e6);
                for (Map.Entry<String, TextFinder> e : finders.entrySet()) {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    List<TextBox> boxes = e.getValue().find(views);
                    Tally t = tallies.get(e.getKey());
                    t.cpuMs.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
                    t.wallMs.add((System.nanoTime() - wall) / 1e6);
                    score(img, boxes, t);
                }
                long cpu = THREADS.getCurrentThreadCpuTime();
                TextFinder.Result result = finders.get("combined").redact(img.frame(), img.description(), (f, b) -> img.redacted(b));
                redactCpuMs.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
                rounds[result.rounds()]++;
                List<GrayViews.View> after = GrayViews.of(result.redacted(), img.description());
                for (TextCorpus.Text text : img.texts()) {
                    textsTotal++;
                    boolean before = reader.legible(views, text);
                    if (before) {
                        legibleBefore++;
                    } else if (text.legibleTokens().isEmpty()) {
                        notMeasurable++;
                    }
                    if (reader.legible(after, text)) {
                        legibleAfter++;
                        if (before) {
                            legibleBeforeAndAfter++;
                        }
                        legibleNames.add(img.name() + " " + describe(text));
                    }
                }
                scoreRedacted(img, result.boxes(), redactedTally);
                if (!result.verified()) {
                    Verification v = result.verification();
                    System.out.println("  not verified: " + img.name() + " residual " + v.residual() + " elsewhere "
                            + v.elsewhere());
                    if (img.control()) {
                        verifyControlNotClean++;
                    } else {
                        verifyTextNotClean++;
                    }
                }
                if (dump != null) {
                    dump(dump, img, views.get(0).image(), after.get(0).image(), result.boxes());
                }
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "%-14s %8s %9s %9s %10s %12s %9s %9s %9s %9s%n", "finder", "found", "recall",
                    "coverage", "controls", "outside-box", "cpu p50", "cpu p95", "wall p50", "x views");
            double base = median(baseline.cpuMs);
            for (Map.Entry<String, Tally> e : tallies.entrySet()) {
                Tally t = e.getValue();
                System.out.printf(Locale.ROOT, "%-14s %4d/%-3d %8.1f%% %8.1f%% %5d/%-4d %11.2f%% %7.1fms %7.1fms %7.1fms %8.0fx%n",
                        e.getKey(), t.found, t.texts, 100.0 * t.found / t.texts, 100 * t.coverage / t.texts,
                        t.controlsHit, t.controls, 100 * t.outsideShare / t.frames, median(t.cpuMs),
                        percentile(t.cpuMs, 0.95), median(t.wallMs), median(t.cpuMs) / base);
            }
            System.out.printf(Locale.ROOT, "%-14s %60s %7.1fms %7.1fms %7.1fms%n", "views (base)", "", base,
                    percentile(baseline.cpuMs, 0.95), median(baseline.wallMs));
            System.out.println();
            System.out.println("found by text class (ocr / text-likeness / combined):");
            for (String cls : tallies.get("combined").byClass.keySet()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-24s", cls));
                for (Tally t : tallies.values()) {
                    int[] c = t.byClass.get(cls);
                    sb.append(String.format(Locale.ROOT, " %3d/%-3d", c[1], c[0]));
                }
                System.out.println(sb);
            }
            redactedTally.outsideByFrame.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  most blanked outside the texts: %s %.2f %%%n",
                            e.getKey(), 100 * e.getValue()));
            tallies.get("combined").missed.forEach(m -> System.out.println("  missed by combined (first pass): " + m));
            redactedTally.missed.forEach(m -> System.out.println("  ink left after find-blank-verify: " + m));
            System.out.println();
            System.out.printf(Locale.ROOT, "legible before blanking: %d/%d; legible after blanking the combined boxes: %d/%d%n",
                    legibleBefore, textsTotal, legibleAfter, textsTotal);
            System.out.printf(Locale.ROOT, "legible after among those legible before: %d/%d; one-character labels (not "
                    + "measurable): %d; illegible even before: %d%n", legibleBeforeAndAfter, legibleBefore, notMeasurable,
                    textsTotal - legibleBefore - notMeasurable);
            legibleNames.forEach(n -> System.out.println("  still legible: " + n));
            System.out.printf(Locale.ROOT, "find-blank-verify (combined): rounds %s (index = rounds); found %d/%d; not verified: "
                    + "%d text frames, %d controls; pixels blanked outside the texts %.2f %% (mean per frame); cpu p50 %.1f ms, "
                    + "p95 %.1f ms%n",
                    Arrays.toString(rounds), redactedTally.found, redactedTally.texts, verifyTextNotClean, verifyControlNotClean,
                    100 * redactedTally.outsideShare / redactedTally.frames, median(redactCpuMs), percentile(redactCpuMs, 0.95));
            System.out.println("load average before: " + loadBefore + "; after: " + load());
        }
    }

    private static String describe(TextCorpus.Text t) {
        return String.format(Locale.ROOT, "%s %dpx %s %s%s%s%s", t.content(), t.fontPx(), t.placement(),
                t.light() ? "light" : "dark", t.antialiased() ? " aa" : "", t.rotated() ? " rotated" : "",
                t.lowContrast() ? " low-contrast" : "");
    }

    private static void scoreRedacted(TextCorpus.Image img, List<TextBox> boxes, Tally t) {
        score(img, boxes, t);
    }

    /** Found texts, coverage, controls hit and pixels blanked outside the texts' own boxes. */
    private static void score(TextCorpus.Image img, List<TextBox> boxes, Tally t) {
        int w = img.description().columns();
        int h = img.description().rows();
        boolean[] blank = new boolean[w * h];
        for (TextBox b : boxes) {
            for (int y = b.y(); y < b.bottom(); y++) {
                Arrays.fill(blank, y * w + b.x(), y * w + b.right(), true);
            }
        }
        boolean[] truth = new boolean[w * h];
        for (TextCorpus.Text text : img.texts()) {
            for (int y = text.y(); y < text.y() + text.height(); y++) {
                Arrays.fill(truth, y * w + text.x(), y * w + text.x() + text.width(), true);
            }
            int ink = 0;
            int covered = 0;
            for (int y = text.y(); y < text.y() + text.height(); y++) {
                for (int x = text.x(); x < text.x() + text.width(); x++) {
                    if ((img.ink()[y * w + x] & 0xFF) >= 64) {
                        ink++;
                        if (blank[y * w + x]) {
                            covered++;
                        }
                    }
                }
            }
            double cov = ink == 0 ? 1 : (double) covered / ink;
            t.texts++;
            t.coverage += cov;
            boolean found = covered == ink;
            if (found) {
                t.found++;
            } else {
                t.missed.add(String.format(Locale.ROOT, "%s %s: %.0f %% of its ink", img.name(), describe(text), 100 * cov));
            }
            for (String cls : classes(img, text)) {
                int[] c = t.byClass.computeIfAbsent(cls, k -> new int[2]);
                c[0]++;
                if (found) {
                    c[1]++;
                }
            }
        }
        int outside = 0;
        for (int i = 0; i < blank.length; i++) {
            if (blank[i] && !truth[i]) {
                outside++;
            }
        }
        t.outsideShare += (double) outside / (w * h);
        t.outsideByFrame.put(img.name(), (double) outside / (w * h));
        t.frames++;
        if (img.control()) {
            t.controls++;
            if (!boxes.isEmpty()) {
                t.controlsHit++;
            }
        }
    }

    private static List<String> classes(TextCorpus.Image img, TextCorpus.Text t) {
        List<String> out = new ArrayList<>();
        out.add("modality " + img.modality());
        out.add("content " + t.content());
        out.add(t.fontPx() <= 8 ? "size 5-8 px (cap) " + t.fontPx() : t.fontPx() <= 11 ? "size 9-11 px" : t.fontPx() <= 16 ? "size 12-16 px" : "size 18-28 px");
        out.add(t.light() ? "light" : "dark");
        out.add(t.antialiased() ? "anti-aliased" : "not anti-aliased");
        if (t.rotated()) {
            out.add("rotated 90");
        }
        if (t.lowContrast()) {
            out.add("low contrast");
        }
        out.add("placement " + t.placement());
        return out;
    }

    private static void dump(Path dir, TextCorpus.Image img, Gray8 before, Gray8 after, List<TextBox> boxes)
            throws IOException {
        int w = before.width();
        int h = before.height();
        BufferedImage out = new BufferedImage(2 * w + 8, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = before.get(x, y);
                out.setRGB(x, y, v << 16 | v << 8 | v);
                int a = after.get(x, y);
                out.setRGB(w + 8 + x, y, a << 16 | a << 8 | a);
            }
        }
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GREEN);
        for (TextCorpus.Text t : img.texts()) {
            g.drawRect(t.x() - 1, t.y() - 1, t.width() + 1, t.height() + 1);
        }
        g.setColor(Color.RED);
        for (TextBox b : boxes) {
            g.drawRect(b.x(), b.y(), b.width() - 1, b.height() - 1);
        }
        g.dispose();
        ImageIO.write(out, "png", dir.resolve(img.name() + ".png").toFile());
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "n/a";
        }
    }

    static double median(List<Double> v) {
        return percentile(v, 0.5);
    }

    static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
    }
}
