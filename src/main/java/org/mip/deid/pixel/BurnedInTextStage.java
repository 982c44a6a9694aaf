package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.mip.deid.DeidRefusal;
import org.mip.deid.PixelStage;
import org.mip.deid.PixelSummary;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.BurnedInPolicy.Redact;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.deid.pixel.detect.FrameDescription;
import org.mip.deid.pixel.detect.HeaderMatcher;
import org.mip.deid.pixel.detect.HeaderValues;
import org.mip.deid.pixel.detect.TextBox;
import org.mip.deid.pixel.detect.TextDetectionException;
import org.mip.deid.pixel.detect.TextFinder;
import org.mip.deid.pixel.detect.Verification;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * The pixel stage of the de-identifier: burned-in text is found, blanked and checked, or the
 * instance is refused. Decided in {@link #plan} before anything changes (whether to scan, from the
 * header and the policy: {@link ScanDecision}); done in {@link #apply}:
 * <ol>
 * <li>find: the sampled frames ({@link FrameSample}) are decoded one at a time and scanned
 *     ({@link ScanEngine}: OCR and the text-likeness detector); a region found in one frame is
 *     blanked in that frame and wherever its content is static ({@link OverlaySpread}), or in every
 *     frame when only a sample of the frames was scanned;</li>
 * <li>blank: those regions, and the rectangles of matching redaction rules (as the policy's
 *     {@code redact} says) in every frame ({@link PixelRedactor}; compressed frames are
 *     decoded, blanked and written losslessly unless the profile asks for JPEG Baseline);</li>
 * <li>check: the written frames are read back and scanned again, on the check sample. Text found
 *     there is blanked too, spread the same way (up to {@link #maxRounds} rounds); text still there after that refuses
 *     the instance ({@code BURNED_IN_TEXT_REMAINS}), and so do rounds that blanked more than
 *     {@link #MAX_CHECK_GROWTH} of a frame ({@code BURNED_IN_BLANKING_SPREAD}). Nothing is published unverified.</li>
 * </ol>
 * The scan and check together may use the profile's {@code scan-seconds} of CPU ({@link ScanBudget});
 * beyond that the instance is refused ({@code BURNED_IN_SCAN_TOO_LONG}).
 * Instances not scanned are judged from the header alone ({@link BurnedInAssessment}).
 */
public final class BurnedInTextStage implements PixelStage {
    /**
     * The most of a frame the check's rounds may add to what the scan found and still publish: text the
     * first pass cut short or missed is a line's letters, a few percent at most (probes: 0-6 %); a check
     * that keeps finding "text" beside what it blanked, round after round, is eating anatomy (a probe's
     * 200-frame angiography cine: 30 % of every frame, the vessel tree blanked piece by piece).
     */
    static final double MAX_CHECK_GROWTH = 0.10;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;

    private final PixelRedactor redactor;
    private final ScanEngine engine;
    private final PixelCodecs codecs;
    /** Reads the CPU of the calling thread ({@link ScanBudget#threadCpu()}; a test's own clock). */
    private final LongSupplier cpu;

    /** The stage with the product's codecs and {@code engine}'s detectors; spools to {@code spoolDir} (null: java.io.tmpdir). */
    public static BurnedInTextStage create(java.nio.file.Path spoolDir, ScanEngine engine) {
        return new BurnedInTextStage(new PixelRedactor(spoolDir, PixelCodecs.STANDARD), engine, PixelCodecs.STANDARD);
    }

    BurnedInTextStage(PixelRedactor redactor, ScanEngine engine, PixelCodecs codecs) {
        this(redactor, engine, codecs, ScanBudget.threadCpu());
    }

    BurnedInTextStage(PixelRedactor redactor, ScanEngine engine, PixelCodecs codecs, LongSupplier cpu) {
        this.redactor = redactor;
        this.engine = engine;
        this.codecs = codecs;
        this.cpu = cpu;
    }

    /** What {@link #plan} decided; for a scan, what of the original header it needs later. */
    private record ScanPlan(BurnedInPolicy policy, ScanDecision decision, List<Rectangle> rules, boolean declaredYes,
                            FrameDescription display, HeaderValues header, PixelSummary summary) implements Plan {
        @Override
        public boolean redacts() {
            return decision.scan() || !rules.isEmpty();
        }

        @Override
        public String describe() {
            String blank = rules.size() + " region(s) of the profile's redaction rules will be blanked";
            if (decision.scan()) {
                return "will be scanned for burned-in text, which is blanked or, if it remains, refused (" + decision.why() + ")"
                        + (rules.isEmpty() ? "" : "; " + blank);
            }
            return rules.isEmpty() ? summary.code() + ", not scanned (" + decision.why() + ")" : blank;
        }
    }

    @Override
    public Plan plan(DicomFile file, Profile profile) throws DeidRefusal {
        Dataset ds = file.dataset();
        BurnedInPolicy policy = profile.burnedIn();
        Redact redact = policy.detection().redact();
        List<Rectangle> rules = redact == Redact.DETECTED ? List.of() : PixelRedactor.rectanglesFor(profile.redaction(), ds);
        ScanDecision decision = ScanDecision.of(ds, policy);
        if (!decision.scan()) {
            BurnedInAssessment.Decision d = BurnedInAssessment.assess(ds, policy, !rules.isEmpty());
            if (!d.publish()) {
                throw new DeidRefusal(d.code(), d.message());
            }
            return new ScanPlan(policy, decision, rules, false, null, null,
                    PixelSummary.headerOnly(d.code(), false, 0, file.transferSyntax().uid()));
        }
        FrameDescription display;
        try {
            // Refuse what cannot be scanned now, before anything changes: the reason names the syntax or attribute.
            FrameSource.open(file, codecs);
            display = FrameDescription.of(ds);
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.detail() + " (the pixels must be scanned: " + decision.why() + ")", e);
        }
        boolean yes = "YES".equals(ScanDecision.upper(ds.getString(BURNED_IN_ANNOTATION)));
        return new ScanPlan(policy, decision, rules, yes, display, HeaderValues.of(ds), null);
    }

    @Override
    public PixelSummary apply(Plan plan, DicomFile file) throws DeidRefusal {
        ScanPlan p = (ScanPlan) plan;
        if (!p.decision().scan()) {
            return blankRulesOnly(p, file);
        }
        try {
            return scan(p, file, new FrameScanner(engine.finder(), p.display()));
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.detail(), e);
        } catch (TextDetectionException e) {
            throw new DeidRefusal(e.code(), e.detail() + " [" + p.decision().why() + "]", e);
        }
    }

    /**
     * Every output path ends here: frames copied as they came and frames re-encoded alike carry their
     * values only ({@link UnusedBits}), one palette index per colour ({@link PaletteIndices}) and no
     * metadata of the codestream ({@link CodestreamMetadata}).
     */
    @Override
    public void finish(Plan plan, DicomFile file) throws DeidRefusal {
        try {
            UnusedBits.clear(file, redactor.spoolDir(), codecs);
            PaletteIndices.canonicalise(file, redactor.spoolDir());
            CodestreamMetadata.strip(file, redactor.spoolDir());
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.detail(), e);
        }
    }

    /** Not scanned: the rules' rectangles only, judged again if they missed the image. */
    private PixelSummary blankRulesOnly(ScanPlan p, DicomFile file) throws DeidRefusal {
        RedactionResult result;
        try {
            result = redactor.redact(file, p.rules(), OutputChoice.forPolicy(p.policy(), file.dataset()));
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.detail(), e);
        }
        BurnedInAssessment.Decision decision = BurnedInAssessment.assess(file.dataset(), p.policy(), result.redacted());
        if (!decision.publish()) {
            // the rule matched but its rectangles missed the image: not cleaned after all
            throw new DeidRefusal(decision.code(), decision.message());
        }
        return PixelSummary.headerOnly(decision.code(), result.redacted(), result.applied().size(), file.transferSyntax().uid());
    }

    private PixelSummary scan(ScanPlan p, DicomFile file, FrameScanner scanner)
            throws RedactionException, TextDetectionException, DeidRefusal {
        BurnedInPolicy.Detection policy = p.policy().detection();
        FrameSource source = FrameSource.open(file, codecs);
        FrameSample sample = new FrameSample(source.frames(), policy.scanFrames());
        Tally tally = new Tally(engine.ocr());
        ScanBudget budget = new ScanBudget(policy.scanSeconds(), cpu);

        // 1. find, on the scan sample; a sampled cine where it shows nothing is read half-way between too, so
        // that text on screen for half the sample's step is seen (when text is found, the check reads those)
        List<TextBox> found = new ArrayList<>();
        // per frame only when every frame is scanned (spread(...)): a sampled cine's finds need no ink kept
        boolean perFrame = sample.complete();
        // a sampled cine blanks everything found in every frame; the text each frame was seen with, for the check
        Map<Integer, List<TextBox>> seen = new HashMap<>();
        OverlaySpread spread = OverlaySpread.of(file, source.format());
        List<BitSet> passes = List.of(sample.scan(), sample.between());
        for (int pass = 0; pass < passes.size() && (pass == 0 || found.isEmpty() && p.rules().isEmpty()); pass++) {
            BitSet frames = passes.get(pass);
            for (int i = frames.nextSetBit(0); i >= 0; i = frames.nextSetBit(i + 1)) {
                byte[] frame = source.read(i);
                List<TextBox> boxes = scanner.find(frame, source.format());
                tally.scanned++;
                checkBudget(budget, tally, p);
                tally.add(boxes, p.header());
                found.addAll(boxes);
                if (perFrame) {
                    spread.found(i, frame, boxes);
                } else if (!boxes.isEmpty()) {
                    seen.put(i, new ArrayList<>(boxes));
                }
            }
        }
        Set<Rectangle> foundRegions = new LinkedHashSet<>();
        for (TextBox b : found) {
            foundRegions.add(b.toRectangle());
        }
        tally.textRegions = foundRegions.size();

        if (policy.redact() == Redact.RULES) {
            List<Rectangle> outside = Regions.notCoveredBy(foundRegions, p.rules());
            if (!outside.isEmpty()) {
                throw refusal("BURNED_IN_TEXT_OUTSIDE_RULES", outside.size() + " text region(s) found outside the "
                        + "redaction rules' rectangles, and the profile blanks only those (redact: rules)", tally, p);
            }
        }
        List<TextBox> rules = new ArrayList<>();
        for (Rectangle r : p.rules()) {
            rules.add(new TextBox(r.x(), r.y(), r.width(), r.height(), TextBox.Source.TEXT_LIKENESS, 1, false));
        }
        FrameRegions regions = FrameRegions.everywhere(rules);
        if (policy.redact() != Redact.RULES) {
            regions = regions.plus(spread(sample, spread, found, source));
        }
        if (regions.isEmpty()) {
            if (p.declaredYes() && policy.refuseYesWithoutText()) {
                throw refusal("BURNED_IN_DECLARED_TEXT_NOT_FOUND", "Burned In Annotation (0028,0301) is YES but the scan of "
                        + tally.scanned + " frame(s) found no text; refused rather than trusted (yes-without-text: refuse)",
                        tally, p);
            }
            return tally.summary("BURNED_IN_SCANNED_CLEAN", false, 0, file);
        }

        // 2. blank, 3. read what was written back and scan each frame again with what it had blanked, on the check sample
        OutputChoice output = OutputChoice.forPolicy(p.policy(), file.dataset());
        FrameRegions blanked = regions;
        FrameRegions pending = regions;
        int applied = 0;
        for (int round = 1; ; round++) {
            applied += redactor.redact(file, pending, output).applied().size();
            FrameSource written = FrameSource.open(file, codecs);
            OverlaySpread more = OverlaySpread.of(file, written.format());
            List<TextBox> remaining = new ArrayList<>();
            BitSet check = sample.verify();
            tally.checked = 0;
            for (int i = check.nextSetBit(0); i >= 0; i = check.nextSetBit(i + 1)) {
                byte[] frame = written.read(i);
                List<TextBox> here = blanked.in(i);
                Verification v = scanner.verify(frame, written.format(), here, perFrame ? here : seenIn(i, rules, seen));
                tally.checked++;
                checkBudget(budget, tally, p);
                List<TextBox> left = new ArrayList<>(v.residual());
                left.addAll(v.elsewhere());
                remaining.addAll(left);
                if (perFrame) {
                    more.found(i, frame, left);
                } else if (!left.isEmpty()) {
                    seen.computeIfAbsent(i, k -> new ArrayList<>()).addAll(left);
                }
            }
            if (remaining.isEmpty()) {
                double grown = checkGrowth(regions, blanked, check, written.format());
                if (grown > MAX_CHECK_GROWTH) {
                    throw refusal("BURNED_IN_BLANKING_SPREAD", "the check found text beside what it blanked in " + (round - 1)
                            + " round(s), and what it added covers " + Math.round(100 * grown) + " % of a frame (more than "
                            + Math.round(100 * MAX_CHECK_GROWTH) + " %): anatomy taken for text piece by piece, not published "
                            + "blanked", tally, p);
                }
                break;
            }
            // Text beside a blanked region, or found once the rest was gone: blank it too, a bounded number
            // of times. Never with a lossy output (each round would be another lossy generation).
            if (round == maxRounds(sample) || output.lossy()) {
                throw refusal("BURNED_IN_TEXT_REMAINS", remaining.size() + " text region(s) still found after blanking "
                        + applied + " region(s) in " + round + " round(s); nothing is published unverified", tally, p);
            }
            pending = spread(sample, more, remaining, written);
            blanked = blanked.plus(pending);
            tally.textRegions += remaining.size();
            tally.rounds = round + 1;
        }
        return tally.summary(foundRegions.isEmpty() ? "BURNED_IN_REDACTED" : "BURNED_IN_TEXT_REDACTED", applied > 0,
                p.rules().size(), file);
    }

    /**
     * Where the regions found are blanked: when every frame was looked at, each in its frame and wherever
     * it is static ({@link OverlaySpread}); when only a sample was, all of them in every frame (a frame
     * not scanned has no finds of its own to judge it by).
     */
    private static FrameRegions spread(FrameSample sample, OverlaySpread spread, List<TextBox> found, FrameSource frames)
            throws RedactionException {
        return sample.complete() ? spread.spread(frames, sample.scan()) : FrameRegions.everywhere(found);
    }

    /**
     * The most of a checked frame that the check's rounds blanked beyond the first: the share of its
     * pixels in {@code blanked} and not in {@code first}.
     */
    static double checkGrowth(FrameRegions first, FrameRegions blanked, BitSet checked, PixelFormat format) {
        double most = 0;
        List<TextBox> previous = null; // a sampled cine has the same regions in every frame: measured once
        for (int i = checked.nextSetBit(0); i >= 0; i = checked.nextSetBit(i + 1)) {
            List<TextBox> all = blanked.in(i);
            List<TextBox> found = first.in(i);
            if (all.size() > found.size() && !all.equals(previous)) {
                most = Math.max(most, covered(all, format) - covered(found, format));
                previous = all;
            }
        }
        return most;
    }

    /** The share of the frame's pixels inside the boxes. */
    private static double covered(List<TextBox> boxes, PixelFormat f) {
        BitSet in = new BitSet(f.rows() * f.columns());
        for (TextBox b : boxes) {
            int x0 = Math.max(0, b.x());
            int x1 = Math.min(f.columns(), b.right());
            for (int y = Math.max(0, b.y()); y < Math.min(f.rows(), b.bottom()) && x0 < x1; y++) {
                in.set(y * f.columns() + x0, y * f.columns() + x1);
            }
        }
        return in.cardinality() / (double) ((long) f.rows() * f.columns());
    }

    /** The text a frame of a sampled cine was seen with: the rules' rectangles (the device's text, in every frame) and its own finds. */
    private static List<TextBox> seenIn(int frame, List<TextBox> rules, Map<Integer, List<TextBox>> seen) {
        List<TextBox> here = new ArrayList<>(rules);
        here.addAll(seen.getOrDefault(frame, List.of()));
        return here;
    }

    /**
     * Rounds of blanking and checking before the instance is refused: {@link TextFinder#MAX_ROUNDS}, twice
     * that for a multi-frame image. Blanked per frame, a region the check finds is blanked in its own
     * frame (and where it is static), so frames take their rounds one by one where the union gave every
     * frame every round's regions at once; clean angiography cines, whose noise shows a few vessel pieces
     * as letters in a different frame each round, needed 4 to 6 (an adversarial probe, 2026-12-06). A
     * sampled cine's check reads twice the frames its scan did, and a vessel piece found in one of them
     * is blanked in all: a probe's 200-frame cine with a name needed 4 (2026-12-07).
     */
    private static int maxRounds(FrameSample sample) {
        return sample.scan().cardinality() > 1 ? 2 * TextFinder.MAX_ROUNDS : TextFinder.MAX_ROUNDS;
    }

    /** Refuses the instance once its scan has used more CPU than the profile's {@code scan-seconds}. */
    private void checkBudget(ScanBudget budget, Tally tally, ScanPlan p) throws DeidRefusal {
        if (budget.spent()) {
            throw refusal("BURNED_IN_SCAN_TOO_LONG", "the scan used " + budget.used() + " s of CPU, more than the profile "
                    + "allows (scan-seconds: " + budget.seconds() + "), after scanning " + tally.scanned + " frame(s) and "
                    + "checking " + tally.checked + " in round " + tally.rounds + "; refused rather than scanned on "
                    + "(an image whose every part looks like text, such as pixel noise, or a very long cine)", tally, p);
        }
    }

    private DeidRefusal refusal(String code, String message, Tally tally, ScanPlan p) {
        return new DeidRefusal(code, message + " [" + p.decision().why() + "]", tally.details());
    }

    /** Counts over the frames scanned. */
    private static final class Tally {
        final boolean ocr;
        int scanned;
        int checked;
        int rounds = 1;
        int textRegions;
        int ocrRegions;
        int shapeRegions;
        final Map<String, Integer> matches = new LinkedHashMap<>();

        Tally(boolean ocr) {
            this.ocr = ocr;
        }

        void add(List<TextBox> boxes, HeaderValues header) {
            for (TextBox b : boxes) {
                if (b.source() != TextBox.Source.TEXT_LIKENESS) {
                    ocrRegions++;
                }
                if (b.source() != TextBox.Source.OCR) {
                    shapeRegions++;
                }
            }
            if (header != null) {
                HeaderMatcher.count(boxes, header).forEach((k, v) -> matches.merge(k, v, Integer::sum));
            }
        }

        PixelSummary summary(String code, boolean redacted, int rules, DicomFile file) {
            return new PixelSummary(code, true, redacted, scanned, checked, textRegions, rules, ocrRegions, shapeRegions,
                    matches, ocr, file.transferSyntax().uid());
        }

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("framesScanned", scanned);
            d.put("framesChecked", checked);
            d.put("rounds", rounds);
            d.put("textRegions", textRegions);
            d.put("ocrRegions", ocrRegions);
            d.put("shapeRegions", shapeRegions);
            d.put("headerMatches", Map.copyOf(matches));
            d.put("ocr", ocr);
            return d;
        }
    }
}
