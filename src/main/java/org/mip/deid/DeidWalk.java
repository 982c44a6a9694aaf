package org.mip.deid;

import static org.mip.deid.DeidTags.OVERLAY_DATA;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DatasetVisitor;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * The walk of an instance's data set, in two passes: first {@link DeidPolicy} decides for every
 * element at every depth, with the data set still as it was read; then the decisions are applied in
 * the same order, counting what each operation did, and when a data set is done two clean-up steps
 * run: private creators whose block is now empty go, and so do overlay groups whose data went.
 * Between the passes the free-text cleaner is built, from the data set as it was read, and only when
 * some text is to be cleaned: building its context costs more than the rest of a typical header's
 * de-identification, and the decisions are what say whether it is needed (the default for unlisted
 * text depends on the SOP class and the place), so no separate pass has to foresee them.
 * The context of each data set is its {@link Place}: the instance's SOP class and what its IOD says
 * of the data set (the sequences above it decide that), and whether its text is being cleaned
 * (inside a sequence under a Clean option). One instance per de-identification: it holds the
 * instance's counts, and by keyword what the default for unlisted attributes changed.
 */
final class DeidWalk implements DatasetVisitor<Place> {
    private final DeidPolicy policy;
    private final UidMapping uids;
    private final DummySequence dummies;
    private final Pseudonyms pseudonyms;
    private final Patient patient;
    private final Supplier<TextScrubber> scrubbers;
    /** The first pass's decisions, in the walk's order; a step without an element is the end of its data set. */
    private final List<Step> steps = new ArrayList<>();
    private boolean cleansText;
    /** Some kept value holds the patient's name or ID ({@link IdentityInKeptText}). */
    private boolean keepsIdentity;
    private IdentityInKeptText identity;
    private TextScrubber scrubber;
    private Effect total = Effect.NONE;
    private final Map<String, Integer> unlistedRemoved = new TreeMap<>();
    private final Map<String, Integer> unlistedReplaced = new TreeMap<>();
    private final Map<String, Integer> unlistedCleaned = new TreeMap<>();

    /** @param identity a kept value that holds the patient's name or ID: cleaned of them when applied */
    private record Step(Dataset ds, Element e, Operation op, boolean identity) {
    }

    /**
     * @param scrubbers builds the instance's free-text cleaner from its data set as it was read; asked
     *                  at most once, and only when some text is to be cleaned
     */
    DeidWalk(DeidPolicy policy, UidMapping uids, Pseudonyms pseudonyms, Patient patient, Supplier<TextScrubber> scrubbers) {
        this.policy = policy;
        this.uids = uids;
        this.dummies = new DummySequence(policy, uids);
        this.pseudonyms = pseudonyms;
        this.patient = patient;
        this.scrubbers = scrubbers;
    }

    /** Walks {@code ds} (a top-level data set, not cleaning); returns what was done. */
    DeidResult.Stats run(Dataset ds) {
        identity = new IdentityInKeptText(ds, policy.institutionIsIdentity());
        ds.walk(this, Place.top(ds.getString(Tag.SOP_CLASS_UID)));
        scrubber = cleansText || keepsIdentity ? scrubbers.get() : null;
        for (Step step : steps) {
            if (step.e() == null) {
                removeUnusedCreators(step.ds());
                removeOrphanOverlayGroups(step.ds());
                continue;
            }
            total = total.plus(apply(step.ds(), step.e(), step.op(), step.identity()));
            if (step.op().unlisted() && step.ds().get(step.e().tag()) != step.e()) {
                countUnlisted(step.op().action(), step.e().tag());
            }
        }
        return total.stats(new DeidResult.Unlisted(new TreeMap<>(unlistedRemoved), new TreeMap<>(unlistedReplaced),
                new TreeMap<>(unlistedCleaned)));
    }

    /** The first pass: decides, changes nothing. A sequence's items are walked where the decision goes on into them. */
    @Override
    public Place visit(Dataset ds, Element e, Place place) {
        Operation op = policy.decide(ds, e, place);
        boolean keptIdentity = op.action() == Operation.Action.KEEP && !policy.keptAsAsked(e.tag())
                && identity.holdsIdentity(ds, op.retype() == null ? e : retyped(e, op.retype()));
        steps.add(new Step(ds, e, op, keptIdentity));
        cleansText |= op.action() == Operation.Action.CLEAN_TEXT;
        keepsIdentity |= keptIdentity;
        return place.after(op.action(), e.tag());
    }

    @Override
    public void leave(Dataset ds, Place place) {
        steps.add(new Step(ds, null, null, false));
    }

    /** The default for unlisted attributes changed this element (it is gone or another now): count it by keyword. */
    private void countUnlisted(Operation.Action action, int tag) {
        Map<String, Integer> counts = switch (action) {
            case REMOVE -> unlistedRemoved;
            case CLEAN_TEXT -> unlistedCleaned;
            default -> unlistedReplaced;
        };
        String keyword = ElementDictionary.standard().keywordOf(tag);
        counts.merge(keyword == null || keyword.isEmpty() ? Tag.toString(tag) : keyword, 1, Integer::sum);
    }

    private Effect apply(Dataset ds, Element e, Operation op, boolean keptIdentity) {
        int tag = e.tag();
        if (op.retype() != null) {
            e = retyped(e, op.retype());
            ds.put(e);
        }
        if (keptIdentity) {
            return keptIdentity(ds, (ValueElement) e);
        }
        return switch (op.action()) {
            case KEEP, WALK, WALK_CLEANING -> Effect.NONE;
            case DROP_GROUP_LENGTH -> {
                ds.remove(tag); // retired, and recomputing them for a changed data set is pointless
                yield Effect.NONE;
            }
            case REMOVE -> {
                ds.remove(tag);
                yield Effect.REMOVED;
            }
            case EMPTY -> {
                ds.put(e instanceof SequenceElement s ? new SequenceElement(tag, e.vr(), s.undefinedLength())
                        : new ValueElement(tag, e.vr(), new byte[0]));
                yield Effect.EMPTIED;
            }
            case DUMMY -> dummy(ds, e);
            case DUMMY_SEQUENCE -> dummies.replace(ds, (SequenceElement) e);
            case MAP_UIDS -> uids.map(ds, (ValueElement) e);
            case CLEAN_TEXT -> cleanText(ds, (ValueElement) e);
            case PSEUDONYMISE -> {
                ds.setString(tag, e.vr(), pseudonyms.of(ds, tag, e.vr()));
                yield Effect.REPLACED;
            }
            case SHIFT_DATES -> shiftDates(ds, e);
            case SET_CONSTANT -> {
                ds.setString(tag, e.vr(), op.constant());
                yield Effect.REPLACED;
            }
            case CAP_AGE -> capAge(ds, e);
        };
    }

    /**
     * A kept value that holds the patient's name or ID, without the names and identifiers the header
     * holds; when the cleaner's rules leave a word {@link IdentityInKeptText} still sees, or the value
     * is too long to clean in bounded time, the whole value is {@code REMOVED} (fail closed).
     */
    private Effect keptIdentity(Dataset ds, ValueElement v) {
        if (v.length() > TextScrubber.MAX_CLEANED_BYTES) {
            ds.setString(v.tag(), v.vr(), "REMOVED");
            return Effect.CLEANED;
        }
        String text = ds.decode(v);
        String cleaned = scrubber == null ? text : scrubber.cleanIdentity(text, v.vr());
        ds.setString(v.tag(), v.vr(), cleaned);
        if (identity.holdsIdentity(ds, ds.get(v.tag()))) {
            ds.setString(v.tag(), v.vr(), "REMOVED");
        }
        return Effect.CLEANED;
    }

    /** A private element read as UN with the VR Retain Safe Private gives it. */
    private static ValueElement retyped(Element e, VR vr) {
        return new ValueElement(e.tag(), vr, ((ValueElement) e).bytes());
    }

    /** A dummy value of the element's VR: text, or zeros for a binary number. */
    private static Effect dummy(Dataset ds, Element e) {
        VR vr = e.vr();
        String d = DummyValues.of(vr);
        if (d != null) {
            ds.setString(e.tag(), vr, d);
        } else if (vr.valueSize() > 0) {
            ds.put(new ValueElement(e.tag(), vr, new byte[vr.valueSize()]));
        } else {
            ds.remove(e.tag()); // no meaningful dummy for bulk binary: removal is the safe reading of D
            return Effect.REMOVED;
        }
        return Effect.REPLACED;
    }

    /**
     * Cleans free text. A value that had content never comes out empty: when nothing is left (it was
     * identifying through and through) it becomes the dummy, as a present value is treated as Type 1
     * throughout (an emptied RT Structure Set Label broke its IOD). A value over
     * {@link TextScrubber#MAX_CLEANED_BYTES} is not decoded nor cleaned: it becomes the dummy at once.
     */
    private Effect cleanText(Dataset ds, ValueElement v) {
        if (v.length() > TextScrubber.MAX_CLEANED_BYTES) {
            // Too long to clean in bounded time and memory: replaced whole, like text nothing is left of.
            String dummy = DummyValues.of(v.vr());
            if (dummy == null) {
                ds.remove(v.tag());
                return Effect.REMOVED;
            }
            ds.setString(v.tag(), v.vr(), dummy);
            return Effect.REPLACED;
        }
        String text = ds.decode(v);
        String cleaned = scrubber == null ? "" : scrubber.clean(text, v.vr()); // no cleaner: fail closed, the dummy
        if (cleaned.replace('\\', ' ').isBlank() && !text.replace('\\', ' ').isBlank()) {
            cleaned = DummyValues.of(v.vr());
        }
        if (!cleaned.equals(text)) {
            ds.setString(v.tag(), v.vr(), cleaned);
        }
        return Effect.CLEANED;
    }

    /** Every date by the patient's keyed offset; a date that cannot be read cannot be shifted and is emptied (it would leak). */
    private Effect shiftDates(Dataset ds, Element e) {
        if (!(e instanceof ValueElement v) || (v.vr() != VR.DA && v.vr() != VR.DT)) {
            return Effect.NONE;
        }
        List<String> values = ds.getStrings(v.tag());
        List<String> out = new ArrayList<>(values.size());
        int shifted = 0;
        for (String value : values) {
            if (value.isEmpty()) {
                out.add(value);
                continue;
            }
            String s = v.vr() == VR.DA ? DateShifter.shiftDate(value, patient.dayShift)
                    : DateShifter.shiftDateTime(value, patient.dayShift);
            if (s == null) {
                out.add("");
            } else {
                out.add(s);
                shifted++;
            }
        }
        ds.setStrings(v.tag(), v.vr(), out);
        return Effect.dates(shifted);
    }

    /**
     * An age kept (Retain Patient Characteristics, or an override) over 89 years becomes "090Y": ages
     * of 90 and over are few enough to identify, and HIPAA Safe Harbor aggregates them into one group.
     */
    private static Effect capAge(Dataset ds, Element e) {
        String age = ds.getString(e.tag());
        if (age != null && age.length() == 4 && age.endsWith("Y") && age.substring(0, 3).chars().allMatch(Character::isDigit)
                && Integer.parseInt(age.substring(0, 3)) > 89) {
            ds.setString(e.tag(), VR.AS, "090Y");
            return Effect.REPLACED;
        }
        return Effect.NONE;
    }

    /** A private creator is kept only while some element of its block is. */
    private static void removeUnusedCreators(Dataset ds) {
        for (Element e : ds.elements()) {
            int tag = e.tag();
            if (Tag.isPrivateCreator(tag)) {
                int block = Tag.element(tag) << 8;
                int group = Tag.group(tag);
                if (!ds.range(Tag.of(group, block), Tag.of(group, block | 0xFF)).iterator().hasNext()) {
                    ds.remove(tag);
                }
            }
        }
    }

    /** An overlay whose data was removed leaves its other attributes behind: the whole group goes. */
    private static void removeOrphanOverlayGroups(Dataset ds) {
        for (int g = 0x6000; g <= 0x601E; g += 2) {
            boolean hasRest = ds.range(Tag.of(g, 0x0001), Tag.of(g, 0xFFFF)).iterator().hasNext();
            if (hasRest && !ds.contains(Tag.of(g, Tag.element(OVERLAY_DATA)))) {
                for (Element e : ds.elements()) {
                    if (Tag.group(e.tag()) == g) {
                        ds.remove(e.tag());
                    }
                }
            }
        }
    }
}
