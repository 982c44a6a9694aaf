package org.mip.deid.pixel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.deid.DeidRefusal;
import org.mip.deid.PixelStage;
import org.mip.deid.PixelSummary;
import org.mip.deid.profile.BurnedInPolicy;
import org.mip.deid.profile.BurnedInPolicy.Redact;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.RedactionRule.Rectangle;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/**
 * The pixel stage of the de-identifier: burned-in text is found, blanked and checked, or the
 * instance is refused. Decided in {@link #plan} before anything changes (whether to scan, from the
 * header and the policy: {@link ScanDecision}); done in {@link #apply}:
 * <ol>
 * <li>find: the sampled frames ({@link FrameSample}) are decoded one at a time and scanned
 *     ({@link TextFinder}); the regions found in all of them are merged;</li>
 * <li>blank: those regions and the rectangles of matching redaction rules (as the policy's
 *     {@code redact} says) are blanked in every frame ({@link PixelRedactor}; compressed frames are
 *     decoded, blanked and written losslessly unless the profile asks for JPEG Baseline);</li>
 * <li>check: the written frames are read back and scanned again, on the check sample. Text found
 *     there is blanked too (up to {@link #MAX_ROUNDS} rounds); text still there after that refuses
 *     the instance ({@code BURNED_IN_TEXT_REMAINS}). Nothing is published unverified.</li>
 * </ol>
 * Instances not scanned are judged from the header alone ({@link BurnedInAssessment}).
 */
public final class BurnedInTextStage implements PixelStage {
    /** Blank-and-check rounds before giving up on an instance. */
    static final int MAX_ROUNDS = 3;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;

    private final PixelRedactor redactor;
    private final TextFinder finder;
    private final PixelCodecs codecs;

    /** The stage with the product's codecs and detectors; spools to {@code spoolDir} (null: java.io.tmpdir). */
    public static BurnedInTextStage create(java.nio.file.Path spoolDir) {
        return new BurnedInTextStage(new PixelRedactor(spoolDir, PixelCodecs.STANDARD), PLACEHOLDER, PixelCodecs.STANDARD);
    }

    // TODO(lead): the detectors of org.mip.deid.pixel.detect replace this before merging
    private static final TextFinder PLACEHOLDER = new TextFinder() {
        @Override
        public boolean ocr() {
            return false;
        }

        @Override
        public Findings find(byte[] frame, PixelFormat format, Display display) {
            return Findings.NONE;
        }
    };

    BurnedInTextStage(PixelRedactor redactor, TextFinder finder, PixelCodecs codecs) {
        this.redactor = redactor;
        this.finder = finder;
        this.codecs = codecs;
    }

    /** What {@link #plan} decided. */
    private record ScanPlan(BurnedInPolicy policy, ScanDecision decision, List<Rectangle> rules, boolean declaredYes,
                            TextFinder.Display display, HeaderValues header, PixelSummary summary) implements Plan {
        @Override
        public boolean redacts() {
            return decision.scan() || !rules.isEmpty();
        }
    }

    @Override
    public Plan plan(DicomFile file, Profile profile) throws DeidRefusal {
        Dataset ds = file.dataset();
        BurnedInPolicy policy = profile.burnedIn();
        Redact redact = policy.detection().redact();
        List<Rectangle> rules = redact == Redact.DETECTED ? List.of() : PixelRedactor.rectanglesFor(profile.redaction(), ds);
        ScanDecision decision = ScanDecision.of(ds, policy);
        String syntax = file.transferSyntax().uid();
        if (!decision.scan()) {
            BurnedInAssessment.Decision d = BurnedInAssessment.assess(ds, policy, !rules.isEmpty());
            if (!d.publish()) {
                throw new DeidRefusal(d.code(), d.message());
            }
            return new ScanPlan(policy, decision, rules, false, TextFinder.Display.NONE, null,
                    PixelSummary.headerOnly(d.code(), false, 0, syntax));
        }
        try {
            // Refuse what cannot be scanned now, before anything changes: the reason names the syntax or attribute.
            FrameSource.open(file, codecs);
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.getMessage() + " (the pixels must be scanned: " + decision.why() + ")", e);
        }
        boolean yes = "YES".equals(ScanDecision.upper(ds.getString(BURNED_IN_ANNOTATION)));
        return new ScanPlan(policy, decision, rules, yes, TextFinder.Display.of(ds), HeaderValues.of(ds), null);
    }

    @Override
    public PixelSummary apply(Plan plan, DicomFile file) throws DeidRefusal {
        ScanPlan p = (ScanPlan) plan;
        if (!p.decision().scan()) {
            return blankRulesOnly(p, file);
        }
        try {
            return scan(p, file);
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.getMessage(), e);
        }
    }

    /** Not scanned: the rules' rectangles only, judged again if they missed the image. */
    private PixelSummary blankRulesOnly(ScanPlan p, DicomFile file) throws DeidRefusal {
        RedactionResult result;
        try {
            result = redactor.redact(file, p.rules(), OutputChoice.forPolicy(p.policy(), file.dataset()));
        } catch (RedactionException e) {
            throw new DeidRefusal(e.code(), e.getMessage(), e);
        }
        BurnedInAssessment.Decision decision = BurnedInAssessment.assess(file.dataset(), p.policy(), result.redacted());
        if (!decision.publish()) {
            // the rule matched but its rectangles missed the image: not cleaned after all
            throw new DeidRefusal(decision.code(), decision.message());
        }
        return PixelSummary.headerOnly(decision.code(), result.redacted(), result.applied().size(), file.transferSyntax().uid());
    }

    private PixelSummary scan(ScanPlan p, DicomFile file) throws RedactionException, DeidRefusal {
        BurnedInPolicy.Detection policy = p.policy().detection();
        FrameSource source = FrameSource.open(file, codecs);
        FrameSample sample = new FrameSample(source.frames(), policy.scanFrames());
        Tally tally = new Tally();

        Set<Rectangle> found = new LinkedHashSet<>();
        BitSet scanFrames = sample.scan();
        for (int i = scanFrames.nextSetBit(0); i >= 0; i = scanFrames.nextSetBit(i + 1)) {
            TextFinder.Findings f = finder.find(source.read(i), source.format(), p.display());
            tally.scanned++;
            tally.add(f, p.header());
            found.addAll(f.regions());
        }

        if (policy.redact() == Redact.RULES) {
            List<Rectangle> outside = Regions.notCoveredBy(found, p.rules());
            if (!outside.isEmpty()) {
                throw refusal("BURNED_IN_TEXT_OUTSIDE_RULES", outside.size() + " text region(s) found outside the "
                        + "redaction rules' rectangles, and the profile blanks only those (redact: rules)", tally, p);
            }
        }
        List<Rectangle> regions = new ArrayList<>();
        if (policy.redact() != Redact.RULES) {
            regions.addAll(found);
        }
        regions.addAll(p.rules());
        if (regions.isEmpty()) {
            if (p.declaredYes() && policy.refuseYesWithoutText()) {
                throw refusal("BURNED_IN_DECLARED_TEXT_NOT_FOUND", "Burned In Annotation (0028,0301) is YES but the scan of "
                        + tally.scanned + " frame(s) found no text; refused rather than trusted (yes-without-text: refuse)",
                        tally, p);
            }
            return tally.summary("BURNED_IN_SCANNED_CLEAN", false, 0, finder.ocr(), file);
        }

        OutputChoice output = OutputChoice.forPolicy(p.policy(), file.dataset());
        int blanked = 0;
        List<Rectangle> pending = regions;
        for (int round = 1; ; round++) {
            RedactionResult result = redactor.redact(file, pending, output);
            blanked += result.applied().size();
            // Check what will be published: the frames as written, read back.
            FrameSource written = FrameSource.open(file, codecs);
            Set<Rectangle> remaining = new LinkedHashSet<>();
            BitSet check = sample.verify();
            tally.checked = 0;
            for (int i = check.nextSetBit(0); i >= 0; i = check.nextSetBit(i + 1)) {
                TextFinder.Findings f = finder.find(written.read(i), written.format(), p.display());
                tally.checked++;
                remaining.addAll(f.regions());
            }
            if (remaining.isEmpty()) {
                break;
            }
            if (round == MAX_ROUNDS || output.lossy()) {
                throw refusal("BURNED_IN_TEXT_REMAINS", remaining.size() + " text region(s) still found after blanking "
                        + blanked + " region(s) in " + round + " round(s); nothing is published unverified", tally, p);
            }
            pending = List.copyOf(remaining);
            tally.textRegions += remaining.size();
        }
        tally.textRegions += policy.redact() == Redact.RULES ? 0 : found.size();
        return tally.summary(found.isEmpty() ? "BURNED_IN_REDACTED" : "BURNED_IN_TEXT_REDACTED", blanked > 0,
                p.rules().size(), finder.ocr(), file);
    }

    private DeidRefusal refusal(String code, String message, Tally tally, ScanPlan p) {
        return new DeidRefusal(code, message + " [" + p.decision().why() + "]", tally.details(finder.ocr()));
    }

    /** Counts over the frames scanned. */
    private static final class Tally {
        int scanned;
        int checked;
        int textRegions;
        int ocrRegions;
        int shapeRegions;
        final Map<String, Integer> matches = new LinkedHashMap<>();

        void add(TextFinder.Findings f, HeaderValues header) {
            ocrRegions += f.ocrRegions();
            shapeRegions += f.shapeRegions();
            if (header != null && !f.words().isEmpty()) {
                header.matches(f.words()).forEach((k, v) -> matches.merge(k, v, Integer::sum));
            }
        }

        PixelSummary summary(String code, boolean redacted, int rules, boolean ocr, DicomFile file) {
            return new PixelSummary(code, true, redacted, scanned, checked, textRegions, rules, ocrRegions, shapeRegions,
                    matches, ocr, file.transferSyntax().uid());
        }

        Map<String, Object> details(boolean ocr) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("framesScanned", scanned);
            d.put("framesChecked", checked);
            d.put("ocrRegions", ocrRegions);
            d.put("shapeRegions", shapeRegions);
            d.put("headerMatches", Map.copyOf(matches));
            d.put("ocr", ocr);
            return d;
        }
    }
}
