package org.mip.deid;

import static org.mip.deid.DeidTags.ACCESSION_NUMBER;
import static org.mip.deid.DeidTags.PATIENT_ID;
import static org.mip.deid.DeidTags.PATIENT_NAME;
import static org.mip.deid.DeidTags.STUDY_ID;
import static org.mip.deid.Operation.Action.*;
import static org.mip.deid.Operation.of;

import java.util.function.IntPredicate;
import org.mip.deid.profile.AttributeOverride;
import org.mip.deid.profile.Profile;
import org.mip.deid.table.ActionTable;
import org.mip.deid.table.ProductRows;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.iod.ModuleTypes;

/**
 * What happens to each element, decided and nothing else: PS3.15 Table E.1-1 (generated from the
 * standard, plus the product's supplement rows, {@link ActionResolver}) under the profile's options,
 * its overrides, and the product's rules for what the table leaves open. {@link #decide} reads the
 * element and never changes it; {@link DeidWalk} applies what it returns. Thread-safe.
 *
 * <p>In order: group lengths go (retired); command and file meta elements in a data set go (PS3.5
 * §7.1, PS3.10 §7.1: the meta is written afresh); private elements go unless Retain Safe Private
 * lists them; a sequence hidden in UN that did not parse goes (its content cannot be seen); then the
 * profile's override, else the table's code, else the product's default for an attribute the table
 * does not list ({@link #unlisted}: sequences walked, UIDs, dates and text by kind, structural text
 * kept from an allow list), else removal (an element no dictionary knows).
 *
 * <p>X, Z and the combined codes (X/Z, X/D, Z/D, X/Z/D) follow the attribute's Type at its place in
 * the IOD of the instance's SOP class ({@link IodTypes}, PS3.3 as data): Type 1 gets a dummy (a date
 * under Modified Dates its shifted value), Type 2 an empty value, Type 3 removal; so removal never
 * breaks the IOD. Where that data does not know the place (a SOP class, module or attribute newer
 * than its 2008 edition, deep SR content) the combined codes fall back to the strictest the input
 * itself shows: a present value is treated as Type 1 (D), a present empty one as Type 2 (Z), and X
 * applies when the code has neither; plain X and Z are applied as written. Dummy and empty values
 * carry no information, so conformance costs no privacy. Patient ID, Patient's Name, Accession Number
 * and Study ID that D or Z would blank get keyed pseudonyms instead, so studies stay apart.
 *
 * <p>Whatever cannot be de-identified is removed rather than kept: an override naming the wrong
 * kind of attribute, a UID attribute holding a sequence, binary data where text is cleaned.
 */
final class DeidPolicy {
    /** Pixel Data, Float Pixel Data, Double Float Pixel Data: (7FE0,0010), (7FE0,0008), (7FE0,0009). */
    private static final int PIXEL_DATA_GROUP = 0x7FE0;

    private final Profile profile;
    private final ActionResolver resolver;
    private final SafePrivate safePrivate;
    private final boolean retainSafePrivate;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    private final ProductRows rows = ProductRows.standard();
    private final IntPredicate requiredInAnyIod;

    DeidPolicy(Profile profile, ActionTable table) {
        this(profile, table, RequiredAttributes.standard());
    }

    /**
     * @param requiredInAnyIod whether an attribute is Type 1 or 2 in some IOD (PS3.3): unlisted text
     *                         that no IOD requires is removed, the rest cleaned
     */
    DeidPolicy(Profile profile, ActionTable table, IntPredicate requiredInAnyIod) {
        this.profile = profile;
        this.resolver = new ActionResolver(profile, table);
        this.safePrivate = new SafePrivate(profile.safePrivate());
        this.retainSafePrivate = "C".equals(resolver.privateCode());
        this.requiredInAnyIod = requiredInAnyIod;
    }

    /** Whether the institution's name identifies here: not when the profile retains institution identity. */
    boolean institutionIsIdentity() {
        return !profile.has(DeidOption.RETAIN_INSTITUTION_IDENTITY);
    }

    /**
     * The operation for element {@code e} of {@code ds}, where the IOD is not known (see
     * {@link #decide(Dataset, Element, Place)}).
     *
     * @param cleaning inside a sequence under Clean Structured Content / Clean Graphics: text without an
     *                 action of its own is cleaned rather than kept
     */
    Operation decide(Dataset ds, Element e, boolean cleaning) {
        return decide(ds, e, Place.unknown(cleaning));
    }

    /** The operation for element {@code e} of {@code ds}, which is at {@code place} in its instance. */
    Operation decide(Dataset ds, Element e, Place place) {
        boolean cleaning = place.cleaning();
        int tag = e.tag();
        int group = Tag.group(tag);
        if (Tag.isGroupLength(tag)) {
            return of(DROP_GROUP_LENGTH);
        }
        if (group == 0x0000 || group == 0x0002) {
            return of(REMOVE);
        }
        if ((group & 1) == 1) {
            // a creator stays while an element of its block does (see DeidWalk.leave)
            return Tag.isPrivateCreator(tag) ? of(KEEP) : privateElement(ds, e, cleaning);
        }
        if (!(e instanceof SequenceElement) && isSequenceTag(tag)) {
            return of(REMOVE); // a sequence written as UN that did not parse, or as OB/OW...: its content cannot be seen
        }
        if (place.nested() && group == PIXEL_DATA_GROUP) {
            // Pixel Data in a sequence's item (a thumbnail in a Source or Referenced Image item) is never scanned for
            // burned-in text: it goes, as the table has Icon Image Sequence go (a probe's "DOE JANE" thumbnail, 2026-12-07)
            return of(REMOVE);
        }
        AttributeOverride override = profile.overrides().get(tag);
        if (override != null) {
            return overridden(e, override, cleaning);
        }
        String code = resolver.code(tag);
        if (code == null) {
            return dictionary.lookup(tag).isPresent() ? unlisted(e, place) : of(REMOVE);
        }
        return coded(code, e, place);
    }

    /**
     * Whether the profile's per-attribute override decides {@code tag}: what it keeps is kept as it is,
     * even where it holds a name ({@link IdentityInKeptText} is not asked).
     */
    boolean keptAsAsked(int tag) {
        return profile.overrides().containsKey(tag);
    }

    // ------------------------------------------------------------------ the table's codes

    private Operation coded(String code, Element e, Place place) {
        char byType = switch (code) {
            case "K", "C", "U", "D", "X/Z/U*" -> IodTypes.UNKNOWN;
            default -> IodTypes.choose(code, e, place); // X, Z and the combined codes: what the IOD requires
        };
        char c = switch (code) {
            case "X", "Z", "K", "C", "U", "D" -> byType != IodTypes.UNKNOWN ? byType : code.charAt(0);
            case "X/Z/U*" -> e instanceof SequenceElement ? 'K' : 'U';
            // combined codes: by the Type; where the data does not know it, the strictest the input shows
            default -> byType != IodTypes.UNKNOWN ? byType
                    : code.contains("D") && hasValue(e) ? 'D' : code.contains("Z") ? 'Z' : 'X';
        };
        if ((c == 'D' || c == 'Z') && isPseudonymAttribute(e.tag()) && hasValue(e)) {
            return pseudonymised(e);
        }
        if (c == 'D' && byType != IodTypes.UNKNOWN && isDate(e.vr()) && e instanceof ValueElement
                && profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return of(SHIFT_DATES); // a required date keeps its place in the patient's shifted time line
        }
        return switch (c) {
            case 'X' -> of(REMOVE);
            case 'Z' -> of(EMPTY);
            case 'K' -> kept(e);
            case 'C' -> cleaned(e);
            case 'U' -> uids(e);
            default -> dummied(e);
        };
    }

    private Operation overridden(Element e, AttributeOverride override, boolean cleaning) {
        return switch (override.action()) {
            case KEEP -> kept(e);
            case REMOVE -> of(REMOVE);
            case EMPTY -> of(EMPTY);
            case CONSTANT -> e instanceof ValueElement && e.vr().isText() ? Operation.constant(override.value()) : of(REMOVE);
            case PSEUDONYMISE -> pseudonymised(e);
            case SHIFT_DATE -> isDate(e.vr()) ? of(SHIFT_DATES)
                    : e.vr() == VR.TM ? of(KEEP) // whole-day shifts leave times of day as they are
                    : of(REMOVE);
            case CLEAN -> cleaned(e);
        };
    }

    /** K: kept; a sequence's items are still walked; an age of 90 or over is capped (HIPAA Safe Harbor). */
    private static Operation kept(Element e) {
        return e instanceof SequenceElement ? of(WALK) : e.vr() == VR.AS ? of(CAP_AGE) : of(KEEP);
    }

    /** C: text cleaned, dates shifted, UIDs replaced, names dummied; binary data (overlays, curves) cannot be cleaned. */
    private static Operation cleaned(Element e) {
        VR vr = e.vr();
        if (e instanceof SequenceElement) {
            return of(WALK_CLEANING);
        }
        if (isDate(vr)) {
            return of(SHIFT_DATES);
        }
        if (vr == VR.TM) {
            return of(KEEP); // whole-day shifts leave times of day as they are
        }
        if (vr == VR.UI) {
            return mappedUids(e);
        }
        if (vr == VR.PN) {
            return of(DUMMY);
        }
        return e instanceof ValueElement && vr.isText() ? of(CLEAN_TEXT) : of(REMOVE);
    }

    /** U: UIDs replaced; also in a UID attribute written with another text VR. No UID is inside anything else. */
    private static Operation uids(Element e) {
        return e instanceof ValueElement && e.vr().isText() ? of(MAP_UIDS) : of(REMOVE);
    }

    /** A UI element's UIDs replaced; a UI value too long to be held as a value is no UID, and goes. */
    private static Operation mappedUids(Element e) {
        return e instanceof ValueElement ? of(MAP_UIDS) : of(REMOVE);
    }

    /** D: a dummy; a sequence keeps one dummy item; a UID its pseudonym; bulk binary has no dummy and goes. */
    private static Operation dummied(Element e) {
        VR vr = e.vr();
        if (e instanceof SequenceElement) {
            return of(DUMMY_SEQUENCE);
        }
        if (vr == VR.UI) {
            return mappedUids(e);
        }
        return DummyValues.of(vr) != null || vr.valueSize() > 0 ? of(DUMMY) : of(REMOVE);
    }

    /** A keyed pseudonym for text (a UID gets the UID pseudonym); nothing can stand for a sequence or binary value. */
    private static Operation pseudonymised(Element e) {
        if (!(e instanceof ValueElement) || !e.vr().isText()) {
            return of(REMOVE);
        }
        return e.vr() == VR.UI ? of(MAP_UIDS) : of(PSEUDONYMISE);
    }

    // ------------------------------------------------------------------ what the table does not list

    /**
     * An attribute Table E.1-1 (and the supplement) does not list. The table lags the dictionary and
     * sites write what they like into descriptive fields, so "not listed" is not "not identifying";
     * the default goes by kind:
     * <ul>
     * <li>a sequence is walked (its items meet the same rules);</li>
     * <li>an attribute of typed text written with a VR the dictionary does not give it (text as OB or
     *     US, long text left UN) is removed: the text rules cannot read it;</li>
     * <li>a UID is replaced unless it names a class or Retain UIDs is in force; a date follows the
     *     temporal option ({@link #unlistedDate});</li>
     * <li>a URL or URI (UR) is removed unless it is structural (a coding scheme's URL);</li>
     * <li>text (LO, SH, ST, LT, UT, UC, PN) with a value: kept when it is structural (codes, defined
     *     terms, product names, acquisition parameters: {@code table/structural.txt}; Code Meaning is
     *     cleaned inside a cleaned sequence, as the Clean options ask for its text); else removed when
     *     no IOD requires it (Type 1 or 2) and it is not inside a cleaned sequence; else cleaned by the
     *     free-text scrubber, a name replaced by the dummy as other names are;</li>
     * <li>inside a cleaned sequence, binary data goes (it cannot be cleaned); any other value is kept
     *     (numbers, coded strings).</li>
     * </ul>
     * What the text rule does is counted by keyword in the summary ({@link Operation#unlisted()}).
     */
    private Operation unlisted(Element e, Place place) {
        boolean cleaning = place.cleaning();
        VR vr = e.vr();
        if (e instanceof SequenceElement) {
            return of(WALK);
        }
        if (vr == VR.UI) {
            return replacesUnlistedUid(e.tag()) ? mappedUids(e) : of(KEEP);
        }
        if (textWrittenAsAnotherVr(e) && !rows.keepsAsStructural(e.tag(), cleaning)) {
            return Operation.unlisted(REMOVE);
        }
        if (isDate(vr)) {
            return unlistedDate(e);
        }
        if (vr == VR.UR && hasValue(e) && !rows.keepsAsStructural(e.tag(), cleaning)) {
            return Operation.unlisted(REMOVE); // a URL or file path names a place, often after the patient; nothing cleans it
        }
        if (cleaning && (e instanceof BulkElement || e instanceof FragmentsElement)) {
            return of(REMOVE);
        }
        if (e instanceof ValueElement && isUnlistedText(vr) && hasValue(e) && !rows.keepsAsStructural(e.tag(), cleaning)) {
            if (!cleaning && !requiredInAnyIod.test(e.tag()) && !newerOnBothSides(e.tag(), place)) {
                return Operation.unlisted(REMOVE);
            }
            return Operation.unlisted(vr == VR.PN ? DUMMY : CLEAN_TEXT);
        }
        return of(KEEP);
    }

    /**
     * An attribute newer than the PS3.3 data, in an instance whose IOD is newer too (one defined
     * after the data's edition): that IOD may well require it, so it is cleaned rather than removed and the
     * output stays conformant. A newer attribute in an IOD the data holds (Frame Label in an Enhanced
     * CT) is one the IOD did not require when the data was written: removed, fail closed; so is one
     * where the SOP class is not known at all.
     */
    private static boolean newerOnBothSides(int tag, Place place) {
        return place.sopClassUid() != null && place.scope() == null && !ModuleTypes.standard().knowsAttribute(tag);
    }

    /**
     * A date Table E.1-1 does not list (it lags the dictionary: Study Update DateTime, Expiry Date...).
     * Kept under Full Dates, shifted under Modified Dates ("every date of the patient, wherever it
     * is"), else a dummy: the output says Longitudinal Temporal Information Modified = REMOVED, so no
     * real date may stay. Present and empty stays empty.
     */
    private Operation unlistedDate(Element e) {
        if (profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return of(KEEP);
        }
        if (profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return of(SHIFT_DATES);
        }
        return hasValue(e) ? of(DUMMY) : of(KEEP);
    }

    /**
     * Whether a UID of an attribute the table does not list is replaced: not when it names a class,
     * syntax or scheme, and not under Retain UIDs (every instance UID stays, so references resolve).
     */
    private boolean replacesUnlistedUid(int tag) {
        return !UidPolicy.isClassAttribute(dictionary.keywordOf(tag)) && !profile.has(DeidOption.RETAIN_UIDS);
    }

    /** Whether a UID inside a dummy item is replaced: as the walk would decide for that attribute. */
    boolean replacesUidInDummyItem(int tag) {
        String code = resolver.code(tag);
        return code == null ? replacesUnlistedUid(tag) : !"K".equals(code);
    }

    // ------------------------------------------------------------------ private elements

    /** Removed, unless the profile overrides it, or Retain Safe Private keeps it as listed (a date is still a date). */
    private Operation privateElement(Dataset ds, Element e, boolean cleaning) {
        AttributeOverride override = profile.overrides().get(e.tag());
        if (override != null) {
            return overridden(e, override, cleaning);
        }
        VR safe = retainSafePrivate ? safePrivate.match(ds, e) : null;
        if (safe == null) {
            return of(REMOVE);
        }
        Operation op = e instanceof SequenceElement ? of(WALK)
                : safe == VR.UI ? mappedUids(e)
                : isDate(safe) ? unlistedDate(e)
                : of(KEEP);
        return safe == e.vr() ? op : op.retypedTo(safe);
    }

    // ------------------------------------------------------------------ facts about elements

    private boolean isSequenceTag(int tag) {
        return dictionary.lookup(tag).map(d -> d.vrs().contains(VR.SQ)).orElse(false);
    }

    /**
     * A value of an attribute the dictionary gives a VR of typed text (LO, SH, ST, LT, UT, UC, PN, or UR), written
     * with a VR that is not typed text (explicit OB, OW, US, CS... or UN that stayed UN): its text is there,
     * but the rules by kind cannot see it. Typed text under another text VR (UT for ST) is still read as
     * text; numbers and codes written otherwise (an IS as US) stay numbers.
     */
    private boolean textWrittenAsAnotherVr(Element e) {
        return dictionary.lookup(e.tag())
                .map(d -> !d.vrs().contains(e.vr()) && !isTypedText(e.vr()) && d.vrs().stream().anyMatch(DeidPolicy::isTypedText))
                .orElse(false);
    }

    private static boolean isPseudonymAttribute(int tag) {
        return tag == PATIENT_ID || tag == PATIENT_NAME || tag == ACCESSION_NUMBER || tag == STUDY_ID;
    }

    private static boolean isDate(VR vr) {
        return vr == VR.DA || vr == VR.DT;
    }

    /** Text a person may have typed, or an address (UR): what {@link #textWrittenAsAnotherVr} protects. */
    private static boolean isTypedText(VR vr) {
        return isUnlistedText(vr) || vr == VR.UR;
    }

    /** The VRs of text a person may have typed: the unlisted default acts on these. */
    static boolean isUnlistedText(VR vr) {
        return vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC || vr == VR.PN;
    }

    /** A value other than padding, or a sequence with items; bulk values count as present. */
    static boolean hasValue(Element e) {
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
}
