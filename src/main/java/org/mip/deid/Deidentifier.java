package org.mip.deid;

import static org.mip.deid.DeidTags.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.mip.deid.profile.AttributeOverride;
import org.mip.deid.profile.Profile;
import org.mip.deid.profile.SafePrivateElement;
import org.mip.deid.pseudo.Pseudonymizer;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * PS3.15 Annex E de-identification of one instance, in place: the Basic profile's action for every
 * element at every depth (sequences, private blocks, repeating groups, file meta), the options and
 * overrides of the profile, keyed pseudonyms for UIDs, IDs and dates, the markers, and the pixel
 * stage (burned-in text refused or redacted). Thread-safe: all per-instance state lives in
 * {@link Instance}.
 *
 * <p>Combined codes (X/Z, X/D, Z/D, X/Z/D) depend on the attribute's Type in the IOD, which the
 * standard's tables we carry do not give per SOP class. The Type is therefore taken as the
 * strictest the code allows that the input itself shows: a present element with a value is treated
 * as Type 1 (D: dummy), a present empty one as Type 2 (Z: empty), and X applies when the code has
 * neither. Dummy and empty values carry no information, so this keeps every IOD conformant at no
 * cost to privacy; a profile can still force removal per attribute. A dummy sequence keeps one item
 * shaped like the first original one with every identifying value replaced (see {@link #dummyItem}),
 * so a Type 1 sequence stays present without carrying anything of the original.
 *
 * <p>Elements written with VR UN whose tag the dictionary knows are first given their real VR, so a
 * Patient's Name hidden in UN is recognised and treated as a name.
 *
 * <p>Beyond the table, for privacy: a few identifying attributes it does not list get rows of the
 * product's own ({@link ActionResolver}); a date it does not list is never kept as it was unless
 * Full Dates is in force; command and file meta elements found in a data set are removed; and
 * whatever cannot be de-identified is removed rather than kept (an override naming the wrong kind
 * of attribute, a sequence hidden in UN that does not parse, a bulk value where text is cleaned).
 */
public final class Deidentifier {
    public static final String PRODUCT = "medical-imaging-pipeline";
    /** The product's implementation class UID (2.25 form of a fixed UUID). */
    public static final String IMPLEMENTATION_CLASS = "2.25.225386384453214934431370346914331392227";
    static final String STANDARD_EDITION = "2024b";

    private final Profile profile;
    private final Pseudonymizer pseudonymizer;
    private final ActionResolver resolver;
    private final Function<Dataset, TextScrubber> scrubbers;
    private final PixelStage pixels;
    private final String version;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    /**
     * @param scrubbers builds the free-text cleaner of an instance from its original data set
     * @param pixels    the burned-in text policy and redaction
     * @param version   product version recorded in De-identification Method and Contributing Equipment
     */
    public Deidentifier(Profile profile, Pseudonymizer pseudonymizer, Function<Dataset, TextScrubber> scrubbers,
                        PixelStage pixels, String version) {
        this.profile = profile;
        this.pseudonymizer = pseudonymizer;
        this.resolver = new ActionResolver(profile, ActionTable.standard());
        this.scrubbers = scrubbers;
        this.pixels = pixels;
        this.version = version;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * De-identifies {@code file} in place (data set, meta, preamble). On a refusal the file is left
     * as it was read (nothing has been changed yet), so it can be quarantined as received.
     */
    public DeidResult deidentify(DicomFile file) throws DeidRefusal {
        Dataset ds = file.dataset();
        String sopClass = checkRequired(ds);
        String modality = ds.getString(MODALITY);

        PixelStage.Plan plan = pixels.plan(file, profile);

        resolveUn(ds, new long[] {MAX_UN_TEXT});
        Instance inst = new Instance(ds);
        walk(ds, inst, false);
        String keyedId = setIdentity(ds, inst);
        boolean redacted = plan.redacts() && pixels.apply(plan, file);

        Set<DeidOption> applied = appliedOptions(redacted);
        addMarkers(ds, applied, redacted);
        file.setMeta(newMeta(ds, file.transferSyntax()));
        file.setPreamble(new byte[128]); // a preamble may hold anything (TIFF headers, names): never carry it

        // The result is logged, audited and names the output's folder: never the real Patient ID,
        // even when a profile keeps it in the file.
        String written = ds.getString(PATIENT_ID);
        String pseudonym = written != null && !written.equals(inst.patientId) ? written : keyedId;
        return new DeidResult(pseudonym, ds.getString(STUDY_INSTANCE_UID),
                ds.getString(SERIES_INSTANCE_UID), ds.getString(SOP_INSTANCE_UID), sopClass, modality, applied,
                redacted, inst.stats());
    }

    /**
     * Gives public elements written as UN the VR the dictionary knows (PS3.5 §6.2.2: UN values are
     * the bytes of the real VR), at every depth, so their actions and text handling apply.
     * Binary values of a big-endian data set stay UN: their byte order is not knowable.
     */
    private void resolveUn(Dataset ds, long[] budget) {
        for (Element e : ds.elements()) {
            if (e instanceof SequenceElement s) {
                for (Dataset item : s.items()) {
                    resolveUn(item, budget);
                }
            } else if (e instanceof ValueElement v && v.vr() == VR.UN && !Tag.isPrivate(v.tag())
                    && dictionary.lookup(v.tag()).isPresent()) {
                VR real = dictionary.vrOf(v.tag(), new org.mip.dicom.dict.VrContext(
                        ds.getInt(Tag.PIXEL_REPRESENTATION, -1), ds.getInt(Tag.BITS_ALLOCATED, -1), true));
                if (real != null && real != VR.UN && real != VR.SQ && (real.isText() || !ds.bigEndian())) {
                    ds.put(new ValueElement(v.tag(), real, v.bytes()));
                }
            } else if (e instanceof BulkElement b && b.vr() == VR.UN && !Tag.isPrivate(b.tag())
                    && b.data().length() <= budget[0]) {
                // Long text in UN is held by reference: bring it in (within a per-instance budget, so
                // memory stays bounded), so it can be cleaned like any text. Beyond the budget it
                // stays UN and is removed wherever it would have to be cleaned.
                VR real = dictionary.lookup(b.tag()).isPresent() ? dictionary.vrOf(b.tag(), UNKNOWN_CONTEXT) : null;
                if (real != null && real.isText()) {
                    try {
                        ds.put(new ValueElement(b.tag(), real, b.data().readAll()));
                        budget[0] -= b.data().length();
                    } catch (java.io.IOException unreadable) {
                        // stays UN
                    }
                }
            }
        }
    }

    /** Bytes of long UN text an instance may bring into memory to give them their text VR. */
    private static final long MAX_UN_TEXT = 16L * 1024 * 1024;

    private static final org.mip.dicom.dict.VrContext UNKNOWN_CONTEXT = new org.mip.dicom.dict.VrContext(-1, -1, true);

    /** The attributes every output needs (its object key is made of them); returns the SOP Class UID. */
    static String checkRequired(Dataset ds) throws DeidRefusal {
        String sopClass = required(ds, SOP_CLASS_UID, "SOPClassUID");
        required(ds, SOP_INSTANCE_UID, "SOPInstanceUID");
        required(ds, STUDY_INSTANCE_UID, "StudyInstanceUID");
        required(ds, SERIES_INSTANCE_UID, "SeriesInstanceUID");
        return sopClass;
    }

    private static String required(Dataset ds, int tag, String keyword) throws DeidRefusal {
        String v = ds.getString(tag);
        if (v == null) {
            throw new DeidRefusal("MISSING_ATTRIBUTE", Tag.toString(tag) + " " + keyword + " is missing or empty");
        }
        return v;
    }

    // ------------------------------------------------------------------ per-instance state

    /** What one instance's de-identification knows and counts. */
    private final class Instance {
        final String patientIssuer;
        final String patientId;
        final String patientName;
        /** Who the patient is for pseudonyms and the date shift, see {@link #identityParts}. */
        final String[] identity;
        final int dayShift;
        final TextScrubber scrubber;
        int removed;
        int emptied;
        int replaced;
        int uids;
        int dates;
        int texts;

        Instance(Dataset ds) {
            patientIssuer = nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID));
            patientId = nullToEmpty(ds.getString(PATIENT_ID));
            patientName = nullToEmpty(ds.getText(PATIENT_NAME));
            identity = identityParts(ds);
            dayShift = pseudonymizer.dayShift(String.join("\0", identity), profile.dateShift());
            scrubber = needsScrubber() ? scrubbers.apply(ds) : null;
        }

        /**
         * The identity pseudonyms and the date shift derive from: issuer + ID; else name + birth
         * date (two patients of the same name are told apart); else the study (an instance with
         * neither is its study's own patient, rather than every such instance one patient). The
         * kinds differ in their number of parts, so they never collide.
         */
        private String[] identityParts(Dataset ds) {
            if (!patientId.isEmpty()) {
                return new String[] {"id", patientIssuer, patientId};
            }
            if (!patientName.isEmpty()) {
                return new String[] {"name", patientName, nullToEmpty(ds.getString(PATIENT_BIRTH_DATE)), ""};
            }
            return new String[] {"study", nullToEmpty(ds.getString(STUDY_INSTANCE_UID)), "", "", ""};
        }

        DeidResult.Stats stats() {
            return new DeidResult.Stats(removed, emptied, replaced, uids, dates, texts);
        }
    }

    private boolean needsScrubber() {
        return profile.has(DeidOption.CLEAN_DESCRIPTORS) || profile.has(DeidOption.CLEAN_STRUCTURED_CONTENT)
                || profile.has(DeidOption.CLEAN_GRAPHICS)
                || profile.overrides().values().stream().anyMatch(o -> o.action() == AttributeOverride.Action.CLEAN);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------------ the walk

    /** What happens to one element. */
    private enum Op { KEEP, DEFAULT, REMOVE, EMPTY, DUMMY, UID, CLEAN, PSEUDONYM, SHIFT_DATE, CONSTANT }

    /**
     * Applies the actions to every element of {@code ds}; recurses into kept sequences.
     *
     * @param cleaning inside a sequence under Clean Structured Content / Clean Graphics: text without
     *                 an action of its own is cleaned rather than kept
     */
    private void walk(Dataset ds, Instance inst, boolean cleaning) {
        for (Element e : ds.elements()) {
            int tag = e.tag();
            if (Tag.isGroupLength(tag)) {
                ds.remove(tag); // retired, and recomputing them for a changed data set is pointless
                continue;
            }
            if (Tag.group(tag) == 0x0000 || Tag.group(tag) == 0x0002) {
                // Command and File Meta elements never belong in a data set (PS3.5 §7.1, PS3.10 §7.1);
                // the meta is written afresh, so whatever a broken writer put here (AE titles,
                // addresses, private information) goes.
                ds.remove(tag);
                inst.removed++;
                continue;
            }
            if ((Tag.group(tag) & 1) == 1) {
                if (!Tag.isPrivateCreator(tag)) {
                    privateElement(ds, e, inst, cleaning);
                }
                continue;
            }
            if (!(e instanceof SequenceElement) && e.vr() == VR.UN && isSequenceTag(tag)) {
                // A sequence written as UN that the reader could not parse into items: its content
                // cannot be seen, so it cannot be de-identified.
                ds.remove(tag);
                inst.removed++;
                continue;
            }
            AttributeOverride override = profile.overrides().get(tag);
            Op op;
            String constant = null;
            if (override != null) {
                op = opOf(override.action());
                constant = override.value();
            } else {
                String code = resolver.code(tag);
                if (code == null) {
                    op = dictionary.lookup(tag).isPresent() ? Op.DEFAULT : Op.REMOVE;
                } else {
                    op = opOfCode(code, e);
                }
                if ((op == Op.DUMMY || op == Op.EMPTY) && isPseudonymAttribute(tag) && hasValue(e)) {
                    op = Op.PSEUDONYM;
                }
            }
            apply(ds, e, op, constant, inst, cleaning);
        }
        removeUnusedCreators(ds);
        removeOrphanOverlayGroups(ds);
    }

    private boolean isSequenceTag(int tag) {
        return dictionary.lookup(tag).map(d -> d.vrs().contains(VR.SQ)).orElse(false);
    }

    private static Op opOf(AttributeOverride.Action action) {
        switch (action) {
            case KEEP: return Op.KEEP;
            case REMOVE: return Op.REMOVE;
            case EMPTY: return Op.EMPTY;
            case CONSTANT: return Op.CONSTANT;
            case PSEUDONYMISE: return Op.PSEUDONYM;
            case SHIFT_DATE: return Op.SHIFT_DATE;
            case CLEAN: return Op.CLEAN;
            default: throw new IllegalArgumentException(action.name());
        }
    }

    /** Maps a Table E.1-1 code to an operation, resolving combined codes as the class comment explains. */
    private static Op opOfCode(String code, Element e) {
        switch (code) {
            case "X": return Op.REMOVE;
            case "Z": return Op.EMPTY;
            case "K": return Op.KEEP;
            case "C": return Op.CLEAN;
            case "U": return Op.UID;
            case "D": return Op.DUMMY;
            case "X/Z/U*": return e instanceof SequenceElement ? Op.KEEP : Op.UID;
            default:
                boolean z = code.contains("Z");
                boolean d = code.contains("D");
                if (d && hasValue(e)) {
                    return Op.DUMMY;
                }
                return z ? Op.EMPTY : Op.REMOVE;
        }
    }

    private static boolean isPseudonymAttribute(int tag) {
        return tag == PATIENT_ID || tag == PATIENT_NAME || tag == ACCESSION_NUMBER || tag == STUDY_ID;
    }

    private static boolean hasValue(Element e) {
        if (e instanceof ValueElement v) {
            for (byte b : v.bytes()) {
                if (b != ' ' && b != 0) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof SequenceElement s) {
            return !s.items().isEmpty();
        }
        return true;
    }

    private void apply(Dataset ds, Element e, Op op, String constant, Instance inst, boolean cleaning) {
        int tag = e.tag();
        VR vr = e.vr();
        switch (op) {
            case REMOVE:
                ds.remove(tag);
                inst.removed++;
                return;
            case EMPTY:
                ds.put(e instanceof SequenceElement s ? new SequenceElement(tag, vr, s.undefinedLength())
                        : new ValueElement(tag, vr, new byte[0]));
                inst.emptied++;
                return;
            case KEEP:
                if (e instanceof SequenceElement s) {
                    walkItems(s, inst, cleaning);
                } else if (e.vr() == VR.AS) {
                    capAge(ds, e, inst);
                }
                return;
            case DEFAULT:
                keepByDefault(ds, e, inst, cleaning);
                return;
            case DUMMY:
                dummy(ds, e, inst);
                return;
            case UID:
                mapUids(ds, e, inst);
                return;
            case CLEAN:
                clean(ds, e, inst);
                return;
            case PSEUDONYM:
                if (e instanceof ValueElement && vr.isText()) {
                    pseudonym(ds, e, inst);
                } else {
                    misfit(ds, e, inst); // no pseudonym for a sequence or binary value
                }
                return;
            case SHIFT_DATE:
                if (vr == VR.DA || vr == VR.DT) {
                    shiftDates(ds, e, inst);
                } else if (vr != VR.TM) { // whole-day shifts leave times of day as they are
                    misfit(ds, e, inst);
                }
                return;
            case CONSTANT:
                if (e instanceof ValueElement && vr.isText()) {
                    ds.setString(tag, vr, constant);
                    inst.replaced++;
                } else {
                    misfit(ds, e, inst);
                }
                return;
            default:
                throw new IllegalStateException(op.name());
        }
    }

    /**
     * An action that cannot apply to this element (a profile's override naming the wrong kind of
     * attribute): fail closed, never keep the value because it could not be changed.
     */
    private static void misfit(Dataset ds, Element e, Instance inst) {
        ds.remove(e.tag());
        inst.removed++;
    }

    /**
     * An age kept (Retain Patient Characteristics, or an override) over 89 years becomes "090Y": ages
     * of 90 and over are few enough to identify, and HIPAA Safe Harbor aggregates them into one group.
     */
    private void capAge(Dataset ds, Element e, Instance inst) {
        String age = ds.getString(e.tag());
        if (age != null && age.length() == 4 && age.endsWith("Y") && age.substring(0, 3).chars().allMatch(Character::isDigit)
                && Integer.parseInt(age.substring(0, 3)) > 89) {
            ds.setString(e.tag(), VR.AS, "090Y");
            inst.replaced++;
        }
    }

    private void walkItems(SequenceElement s, Instance inst, boolean cleaning) {
        for (Dataset item : s.items()) {
            walk(item, inst, cleaning);
        }
    }

    /** An attribute Table E.1-1 does not list: the standard does not consider it identifying. */
    private void keepByDefault(Dataset ds, Element e, Instance inst, boolean cleaning) {
        VR vr = e.vr();
        if (e instanceof SequenceElement s) {
            walkItems(s, inst, cleaning);
        } else if (vr == VR.UI) {
            if (replacesUnlistedUid(e.tag())) {
                mapUids(ds, e, inst);
            }
        } else if (vr == VR.DA || vr == VR.DT) {
            unlistedDate(ds, e, inst);
        } else if (cleaning && (e instanceof BulkElement || e instanceof FragmentsElement)) {
            // A bulk value where text is being cleaned: nothing can clean it, so it goes.
            ds.remove(e.tag());
            inst.removed++;
        } else if (cleaning && e instanceof ValueElement) {
            if (vr == VR.PN) {
                dummy(ds, e, inst);
            } else if (isFreeText(vr)) {
                cleanText(ds, (ValueElement) e, inst);
            }
        }
    }

    /**
     * Whether a UID of an attribute the table does not list is replaced: not when it names a class,
     * syntax or scheme, and not under Retain UIDs (every instance UID stays, so references resolve).
     */
    private boolean replacesUnlistedUid(int tag) {
        return !UidPolicy.isClassAttribute(dictionary.keywordOf(tag)) && !profile.has(DeidOption.RETAIN_UIDS);
    }

    /** Whether a UID inside a dummy item is replaced: as the walk would decide for that attribute. */
    private boolean replacesUidInDummy(int tag) {
        String code = resolver.code(tag);
        if (code == null) {
            return replacesUnlistedUid(tag);
        }
        return !"K".equals(code);
    }

    /**
     * A date Table E.1-1 does not list (it lags the dictionary: Study Update DateTime, Expiry
     * Date...). Kept under Full Dates, shifted under Modified Dates ("every date of the patient,
     * wherever it is"), else a dummy: the output says Longitudinal Temporal Information Modified =
     * REMOVED, so no real date may stay. Present and empty stays empty.
     */
    private void unlistedDate(Dataset ds, Element e, Instance inst) {
        if (profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return;
        }
        if (profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            shiftDates(ds, e, inst);
        } else if (hasValue(e)) {
            dummy(ds, e, inst);
        }
    }

    private static boolean isFreeText(VR vr) {
        return vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC;
    }

    private void dummy(Dataset ds, Element e, Instance inst) {
        VR vr = e.vr();
        if (e instanceof SequenceElement s) {
            ds.put(dummySequence(s, ds, inst));
            inst.replaced++;
            return;
        }
        if (vr == VR.UI) {
            mapUids(ds, e, inst);
            return;
        }
        String d = DummyValues.of(vr);
        if (d != null) {
            ds.setString(e.tag(), vr, d);
        } else if (vr.valueSize() > 0) {
            ds.put(new ValueElement(e.tag(), vr, new byte[vr.valueSize()]));
        } else {
            ds.remove(e.tag()); // no meaningful dummy for bulk binary: removal is the safe reading of D
            inst.removed++;
            return;
        }
        inst.replaced++;
    }

    /** A sequence with at most one item, a dummy of the first original item. */
    private SequenceElement dummySequence(SequenceElement s, Dataset parent, Instance inst) {
        SequenceElement out = new SequenceElement(s.tag(), s.vr(), s.undefinedLength());
        if (!s.items().isEmpty()) {
            Dataset item = dummyItem(s.items().get(0), parent, inst);
            out.items().add(item);
        }
        return out;
    }

    /**
     * The shape of an item without its content: coded strings (enumerated values such as Value Type
     * and Relationship Type) and numbers stay, so the item remains valid; names, text, dates and
     * times become dummies, UIDs their pseudonyms; private, bulk and pixel elements are left out.
     */
    private Dataset dummyItem(Dataset src, Dataset parent, Instance inst) {
        Dataset item = new Dataset(src.bigEndian());
        item.setParent(parent);
        item.setUndefinedLength(src.undefinedLength());
        Element cs = src.get(Tag.SPECIFIC_CHARACTER_SET);
        if (cs != null) {
            item.put(cs);
        }
        for (Element e : src) {
            int tag = e.tag();
            if (Tag.isGroupLength(tag) || (Tag.group(tag) & 1) == 1 || tag == Tag.SPECIFIC_CHARACTER_SET) {
                continue;
            }
            if (e instanceof SequenceElement seq) {
                item.put(dummySequence(seq, item, inst));
            } else if (e instanceof ValueElement v) {
                VR vr = v.vr();
                if (vr == VR.UI) {
                    item.put(v);
                    if (replacesUidInDummy(tag)) {
                        mapUids(item, v, inst);
                    }
                } else if (vr == VR.CS || vr.kind() == VR.Kind.BINARY || vr == VR.DS || vr == VR.IS) {
                    item.put(v);
                } else if (DummyValues.of(vr) != null) {
                    item.setString(tag, vr, v.bytes().length == 0 ? "" : DummyValues.of(vr));
                }
            }
        }
        return item;
    }

    private void clean(Dataset ds, Element e, Instance inst) {
        VR vr = e.vr();
        if (e instanceof SequenceElement s) {
            walkItems(s, inst, true);
        } else if (vr == VR.DA || vr == VR.DT) {
            shiftDates(ds, e, inst);
        } else if (vr == VR.TM) {
            return; // whole-day shifts leave times of day as they are
        } else if (vr == VR.UI) {
            mapUids(ds, e, inst);
        } else if (vr == VR.PN) {
            dummy(ds, e, inst);
        } else if (e instanceof ValueElement v && vr.isText()) {
            cleanText(ds, v, inst);
        } else {
            // Binary under a Clean option (overlay bitmaps, curve data): nothing can clean it reliably.
            ds.remove(e.tag());
            inst.removed++;
        }
    }

    /**
     * Cleans free text. A value that had content never comes out empty: when nothing is left (it
     * was identifying through and through) it becomes the dummy, as a present value is treated as
     * Type 1 throughout (an emptied RT Structure Set Label broke its IOD).
     */
    private void cleanText(Dataset ds, ValueElement v, Instance inst) {
        String text = ds.decode(v);
        String cleaned = inst.scrubber == null ? "" : inst.scrubber.clean(text, v.vr());
        if (cleaned.replace('\\', ' ').isBlank() && !text.replace('\\', ' ').isBlank()) {
            cleaned = DummyValues.of(v.vr());
        }
        if (!cleaned.equals(text)) {
            ds.setString(v.tag(), v.vr(), cleaned);
        }
        inst.texts++;
    }

    private void mapUids(Dataset ds, Element e, Instance inst) {
        if (!(e instanceof ValueElement v) || v.vr() != VR.UI) {
            if (e instanceof ValueElement v2 && v2.vr().isText()) {
                // A UID attribute written with another VR (e.g. UN decoded elsewhere): treat as text UIDs.
                mapUidText(ds, v2, inst);
            } else if (!(e instanceof SequenceElement)) {
                ds.remove(e.tag());
                inst.removed++;
            }
            return;
        }
        mapUidText(ds, v, inst);
    }

    private void mapUidText(Dataset ds, ValueElement v, Instance inst) {
        String raw = new String(v.bytes(), StandardCharsets.ISO_8859_1);
        String[] values = raw.split("\\\\", -1);
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            String uid = values[i].replace("\0", "").strip();
            if (!uid.isEmpty() && !UidPolicy.isWellKnown(uid)) {
                values[i] = pseudonymizer.uid(uid);
                changed = true;
                inst.uids++;
            } else {
                values[i] = uid;
            }
        }
        if (changed) {
            ds.setString(v.tag(), VR.UI, String.join("\\", values));
        }
    }

    private void shiftDates(Dataset ds, Element e, Instance inst) {
        if (!(e instanceof ValueElement v) || (v.vr() != VR.DA && v.vr() != VR.DT)) {
            return;
        }
        List<String> values = ds.getStrings(v.tag());
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            if (value.isEmpty()) {
                out.add(value);
                continue;
            }
            String shifted = v.vr() == VR.DA ? DateShifter.shiftDate(value, inst.dayShift)
                    : DateShifter.shiftDateTime(value, inst.dayShift);
            if (shifted == null) {
                // A date we cannot read cannot be shifted: an unshifted date would leak, so empty it.
                out.add("");
            } else {
                out.add(shifted);
                inst.dates++;
            }
        }
        ds.setStrings(v.tag(), v.vr(), out);
    }

    private void pseudonym(Dataset ds, Element e, Instance inst) {
        int tag = e.tag();
        VR vr = e.vr();
        if (vr == VR.UI) {
            mapUids(ds, e, inst);
            return;
        }
        String value = ds.getText(tag);
        String pseudonym;
        if (tag == PATIENT_ID) {
            pseudonym = patientIdPseudonym(nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID)), nullToEmpty(value));
        } else if (tag == PATIENT_NAME) {
            String id = ds.getString(PATIENT_ID);
            pseudonym = id != null
                    ? pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", "id",
                            nullToEmpty(ds.getString(ISSUER_OF_PATIENT_ID)), id)
                    : pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", "name", nullToEmpty(value));
        } else if (tag == ACCESSION_NUMBER) {
            pseudonym = pseudonymizer.pattern(profile.pseudonyms().accessionNumber(), "accession", nullToEmpty(value));
        } else if (tag == STUDY_ID) {
            pseudonym = pseudonymizer.pattern(profile.pseudonyms().studyId(), "study-id", nullToEmpty(value));
        } else if (vr == VR.PN) {
            pseudonym = pseudonymizer.pattern(profile.pseudonyms().patientName(), "person-name", nullToEmpty(value));
        } else {
            int max = vr == VR.SH || vr == VR.CS || vr == VR.AE ? 16 : 24;
            pseudonym = pseudonymizer.pattern("{hash:" + max + "}", "value", Tag.toHex(tag), nullToEmpty(value));
        }
        ds.setString(tag, vr, pseudonym);
        inst.replaced++;
    }

    private String patientIdPseudonym(String issuer, String id) {
        return pseudonymizer.pattern(profile.pseudonyms().patientId(), "patient-id", issuer, id);
    }

    /** Private data elements: removed, unless Retain Safe Private keeps them as listed in the profile. */
    private void privateElement(Dataset ds, Element e, Instance inst, boolean cleaning) {
        AttributeOverride override = profile.overrides().get(e.tag());
        if (override != null) {
            apply(ds, e, opOf(override.action()), override.value(), inst, cleaning);
            return;
        }
        if ("C".equals(resolver.privateCode())) {
            Element safe = safeElement(ds, e);
            if (safe != null) {
                if (safe != e) {
                    ds.put(safe);
                }
                if (safe instanceof SequenceElement s) {
                    walkItems(s, inst, cleaning);
                } else if (safe.vr() == VR.UI) {
                    mapUids(ds, safe, inst);
                } else if (safe.vr() == VR.DA || safe.vr() == VR.DT) {
                    unlistedDate(ds, safe, inst); // a date is a date, wherever a vendor keeps it
                }
                return;
            }
        }
        ds.remove(e.tag());
        inst.removed++;
    }

    /**
     * The element as kept under Retain Safe Private, or null when the profile does not list it:
     * its creator, group and offset must match, and its VR must be the listed one. An element read
     * as UN (implicit VR, where private VRs are unknown) is accepted when its value is valid for the
     * listed VR, and is given that VR; otherwise a safe numeric field could turn out to hold text.
     */
    private Element safeElement(Dataset ds, Element e) {
        String creator = ds.privateCreator(e.tag());
        if (creator == null) {
            return null; // a private element without its creator cannot be identified as safe
        }
        int group = Tag.group(e.tag());
        int offset = Tag.element(e.tag()) & 0xFF;
        for (SafePrivateElement s : profile.safePrivate()) {
            if (s.creator().strip().equals(creator) && (s.group() < 0 || s.group() == group) && s.offset() == offset) {
                if (s.vr() == e.vr()) {
                    return e;
                }
                if (e.vr() == VR.UN && e instanceof ValueElement v && validAs(v.bytes(), s.vr(), ds.bigEndian())) {
                    return new ValueElement(v.tag(), s.vr(), v.bytes());
                }
            }
        }
        return null;
    }

    /** Whether raw bytes read as UN are a valid value of {@code vr} (strictly: anything doubtful is not). */
    private static boolean validAs(byte[] b, VR vr, boolean bigEndian) {
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
        switch (vr) {
            case US: case SS: return !bigEndian && b.length % 2 == 0;
            case UL: case SL: case FL: case AT: return !bigEndian && b.length % 4 == 0;
            case FD: case SV: case UV: return !bigEndian && b.length % 8 == 0;
            case OB: case UN: return true;
            case OW: case OF: case OD: case OL: case OV: return !bigEndian;
            case DS: return text.matches("( *[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)? *)(\\\\( *[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)? *))*");
            case IS: return text.matches("( *[-+]?[0-9]+ *)(\\\\( *[-+]?[0-9]+ *))*");
            case CS: return text.matches("[A-Z0-9 _\\\\]*");
            case DA: return text.matches("[0-9]{8}(\\\\[0-9]{8})*");
            case TM: return text.matches("[0-9.:\\\\ ]*");
            case DT: return text.matches("[0-9.+\\-\\\\ ]*");
            case UI: return text.matches("[0-9.\\\\]*");
            case SQ: return false;
            default:
                // text VRs: printable text (any character set), no control characters but CR LF FF TAB ESC
                for (byte x : b) {
                    int c = x & 0xFF;
                    if (c < 0x20 && c != '\r' && c != '\n' && c != '\f' && c != '\t' && c != 0x1B && c != 0) {
                        return false;
                    }
                }
                return true;
        }
    }

    /** A private creator is kept only while some element of its block is. */
    private static void removeUnusedCreators(Dataset ds) {
        for (Element e : ds.elements()) {
            int tag = e.tag();
            if (Tag.isPrivateCreator(tag)) {
                int block = Tag.element(tag) << 8;
                int group = Tag.group(tag);
                boolean used = ds.range(Tag.of(group, block), Tag.of(group, block | 0xFF)).iterator().hasNext();
                if (!used) {
                    ds.remove(tag);
                }
            }
        }
    }

    /**
     * An overlay whose data was removed leaves its other attributes behind: remove the whole group,
     * at every depth (run by {@link #walk} for each data set).
     */
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

    // ------------------------------------------------------------------ identity, markers, meta

    /** Patient ID and Name are always pseudonyms at the top level, so every output has a patient to file under. */
    /** @return the keyed Patient ID pseudonym of the instance, whether or not an override wrote something else */
    private String setIdentity(Dataset ds, Instance inst) {
        String id = inst.patientId.isEmpty()
                ? pseudonymizer.pattern(profile.pseudonyms().patientId(), "patient-id", inst.identity)
                : patientIdPseudonym(inst.patientIssuer, inst.patientId);
        if (profile.overrides().get(PATIENT_ID) == null) {
            ds.setString(PATIENT_ID, VR.LO, id);
        }
        if (profile.overrides().get(PATIENT_NAME) == null) {
            String name = pseudonymizer.pattern(profile.pseudonyms().patientName(), "patient-name", inst.identity);
            ds.setString(PATIENT_NAME, VR.PN, name);
        }
        return id;
    }

    private Set<DeidOption> appliedOptions(boolean redacted) {
        Set<DeidOption> applied = EnumSet.noneOf(DeidOption.class);
        for (DeidOption o : profile.options()) {
            if (o != DeidOption.CLEAN_PIXEL_DATA && o != DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES) {
                applied.add(o);
            }
        }
        if (redacted) {
            applied.add(DeidOption.CLEAN_PIXEL_DATA);
        }
        return applied;
    }

    private void addMarkers(Dataset ds, Set<DeidOption> applied, boolean redacted) {
        ds.setString(PATIENT_IDENTITY_REMOVED, VR.CS, "YES");
        List<String> method = new ArrayList<>();
        method.add(truncate(PRODUCT + " " + version, 64));
        method.add("DICOM PS3.15 " + STANDARD_EDITION + " Basic Profile");
        method.add(truncate("profile " + profile.name(), 64));
        for (DeidOption o : applied) {
            method.add(truncate(o.meaning(), 64));
        }
        ds.setStrings(DEIDENTIFICATION_METHOD, VR.LO, method);

        SequenceElement codes = new SequenceElement(DEIDENTIFICATION_METHOD_CODE_SEQUENCE, VR.SQ, false);
        codes.items().add(code(ds, DeidOption.BASIC_PROFILE_CODE, DeidOption.BASIC_PROFILE_MEANING));
        for (DeidOption o : applied) {
            codes.items().add(code(ds, o.code(), o.meaning()));
        }
        ds.put(codes);

        String temporal = profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        ds.setString(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, VR.CS, temporal);

        Element existing = ds.get(CONTRIBUTING_EQUIPMENT_SEQUENCE);
        SequenceElement equipment = existing instanceof SequenceElement s ? s
                : new SequenceElement(CONTRIBUTING_EQUIPMENT_SEQUENCE, VR.SQ, false);
        Dataset item = new Dataset(ds.bigEndian());
        item.setParent(ds);
        item.setString(MANUFACTURER, VR.LO, PRODUCT);
        item.setString(MANUFACTURER_MODEL_NAME, VR.LO, PRODUCT);
        item.setString(SOFTWARE_VERSIONS, VR.LO, truncate(version, 64));
        SequenceElement purpose = new SequenceElement(PURPOSE_OF_REFERENCE_CODE_SEQUENCE, VR.SQ, false);
        purpose.items().add(code(item, "109104", "De-identifying Equipment"));
        item.put(purpose);
        item.setString(CONTRIBUTION_DESCRIPTION, VR.ST, "De-identification (" + profile.name() + ")");
        equipment.items().add(item);
        ds.put(equipment);

        if (redacted) {
            ds.setString(BURNED_IN_ANNOTATION, VR.CS, "NO");
        }
    }

    private static Dataset code(Dataset parent, String value, String meaning) {
        Dataset item = new Dataset(parent.bigEndian());
        item.setParent(parent);
        item.setString(CODE_VALUE, VR.SH, value);
        item.setString(CODING_SCHEME_DESIGNATOR, VR.SH, DeidOption.CODING_SCHEME);
        item.setString(CODE_MEANING, VR.LO, meaning);
        return item;
    }

    /**
     * A fresh File Meta Information group: nothing of the input's meta survives but its transfer
     * syntax, so AE titles, source addresses and private meta information are gone.
     */
    private Dataset newMeta(Dataset ds, TransferSyntax ts) {
        Dataset meta = new Dataset(false);
        // The version goes into a 16-character SH; the class UID says which product wrote the file.
        meta.put(new ValueElement(FILE_META_INFORMATION_VERSION, VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.setString(IMPLEMENTATION_CLASS_UID, VR.UI, IMPLEMENTATION_CLASS);
        meta.setString(IMPLEMENTATION_VERSION_NAME, VR.SH, truncate("MIP " + version, 16));
        return meta;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
