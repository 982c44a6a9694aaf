package org.mip.deid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mip.deid.text.Folded;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DatasetVisitor;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * Whether a value the de-identifier keeps as it is holds the patient's name or ID. Codes, product
 * names and local code meanings are kept as structure and never cleaned as free text, yet a device or
 * a person can type a name or an MRN into Body Part Examined, an Image Type value, Manufacturer's
 * Model Name or a local procedure code. Built once per instance from its header as read, before
 * anything changes: the words of every person name (PN, at any depth), three characters or more (two in
 * Chinese, Japanese and Korean, where most names are two or three characters), in upper case; the
 * patient's IDs, birth date, telephone numbers and the institution's name, each as the run of words
 * it is written in ("PID-778812" is PID then 778812, "555-013-9876" three numbers). A hit is a whole
 * word of a value, the letters or the digits of one (DOE1), or such a run of whole words ("V1
 * PID-778812", "SEQ *19470311"): cheap enough for every kept value of every instance, so the full
 * cleaner (whose context costs more than the rest of a header, {@code UnlistedDefaultTest}) is built
 * only for an instance that has one. Both sides are compared folded as the cleaner folds them (case,
 * accents, full-width forms: "MULLER" and "ＭＵＬＬＥＲ" are Müller), and a name word in Han, kana or
 * Hangul anywhere in a value, since those scripts write a family and a given name without a space
 * ("山田太郎" holds 山田): a header probe (2026-12-07) had all three published in Manufacturer and
 * a Code Meaning, which the cleaner would have cleaned had this check let it look.
 *
 * <p>Checked: kept text of the kinds a person can type a name into (CS, LO, SH, ST, LT, UT, UC). Not
 * checked: names and UIDs (a kept PN is kept on purpose, a UID holds digits only), the values that
 * say how to read the instance (file meta, Specific Character Set, Modality, the Image Pixel group
 * 0028), a code's coding scheme ({@link #SCHEME}), an SR's structure ({@link #SR_STRUCTURE}), and a
 * value a profile's per-attribute override keeps (the caller's business, {@code DeidPolicy.keptAsAsked}: the site asked for it as it is).
 */
final class IdentityInKeptText {
    private static final int MIN_WORD = 3;
    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    private static final List<Integer> IDS = List.of(DeidTags.PATIENT_ID, ElementDictionary.standard().tagOf("OtherPatientIDs"),
            DeidTags.ACCESSION_NUMBER);
    /**
     * Values looked for as the run of words they are written in: the IDs, and what else of the
     * patient or the institution a person types into a code or a product name (2026-12-07, an
     * adversarial header: a birth date in Sequence Name, the institution as Manufacturer, a phone
     * number in a Code Meaning, an ID with a hyphen in Software Versions, all published).
     */
    private static final List<Integer> PHRASES = Stream.concat(IDS.stream(), Stream.of(
            DeidTags.PATIENT_BIRTH_DATE, ElementDictionary.standard().tagOf("PatientTelephoneNumbers"),
            ElementDictionary.standard().tagOf("InstitutionName"))).toList();
    /**
     * A code's scheme, not its value or meaning: names a vocabulary (DCM, SCT, 99_LOCAL), the other
     * half of a coded triple that must still resolve; a patient called Test met the designator TEST.
     */
    private static final Set<Integer> SCHEME = Set.of(DeidTags.CODING_SCHEME_DESIGNATOR,
            ElementDictionary.standard().tagOf("CodingSchemeVersion"), ElementDictionary.standard().tagOf("MappingResource"),
            ElementDictionary.standard().tagOf("ContextIdentifier"));
    /**
     * The codes that say how an SR's content tree is read: a name of "Enter text" (a template's
     * placeholder in a shared sample's content item) made Value Type TEXT "REMOVED" and broke the tree.
     */
    private static final Set<Integer> SR_STRUCTURE = Set.of(ElementDictionary.standard().tagOf("ValueType"),
            ElementDictionary.standard().tagOf("RelationshipType"), ElementDictionary.standard().tagOf("ContinuityOfContent"));
    /** Words of a name: what separates them in PN (components, groups) and in typed text; letters of any script stay. */
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[\\s^=,.]+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** Where letters meet digits inside a word: a name glued to a number (DOE1, 3000JOHNNY) is still the name. */
    private static final Pattern LETTERS_DIGITS = Pattern.compile("(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})");

    /** The institution's own attributes: kept on purpose with Retain Institution Identity, never a hit of its name. */
    private static final Set<Integer> INSTITUTION = Set.of(ElementDictionary.standard().tagOf("InstitutionName"),
            ElementDictionary.standard().tagOf("InstitutionAddress"), ElementDictionary.standard().tagOf("InstitutionalDepartmentName"));

    /** Folded ({@link Folded#fold}): what a kept value's words are compared with. */
    private final Set<String> words = new HashSet<>();
    /** The name words in Han, kana or Hangul, folded: looked for anywhere in a value. */
    private final Set<String> eastAsianWords = new HashSet<>();

    /** Values of {@link #PHRASES} of more than one word: their words, in order. */
    private final List<List<String>> phrases = new ArrayList<>();
    /** The institution's name, words in order: looked for in every kept value but the institution's own. */
    private final List<List<String>> institution = new ArrayList<>();

    /**
     * @param institution whether the institution's name counts (not with Retain Institution Identity,
     *        under which the institution may be kept anywhere)
     */
    IdentityInKeptText(Dataset ds, boolean institution) {
        addNames(ds);
        for (int tag : PHRASES) {
            for (String value : ds.getStrings(tag)) {
                String folded = Folded.fold(value.strip());
                if (IDS.contains(tag) && folded.length() >= MIN_WORD) {
                    words.add(folded); // an ID as written, whole
                }
                List<String> run = wordsOf(folded);
                if (String.join("", run).length() < MIN_WORD) {
                    continue;
                }
                if (INSTITUTION.contains(tag)) {
                    // a name of one word is often the vendor's ("TOSHIBA" in a sample whose Manufacturer
                    // is TOSHIBA_MEC): only a name of two words or more is looked for
                    if (institution && run.size() > 1) {
                        this.institution.add(run);
                    }
                } else if (run.size() == 1) {
                    words.add(run.get(0));
                } else {
                    phrases.add(run);
                }
            }
        }
    }

    /**
     * The words of every person name, at any depth: a name in a sequence item (a Referenced Patient's,
     * a content item's) is as much a name as one at the top (a header probe, 2026-12-07: "Chest of"
     * the name of the Patient's Name beside it in the same item, published).
     */
    private void addNames(Dataset ds) {
        ds.walk((DatasetVisitor<Boolean>) (item, e, everyItem) -> {
            if (e instanceof ValueElement v && v.vr() == VR.PN && v.length() > 0) {
                for (String value : item.getStrings(v.tag())) {
                    addWords(value);
                }
            }
            return everyItem;
        }, Boolean.TRUE);
    }

    private void addWords(String name) {
        for (String w : NAME_SEPARATORS.split(name)) {
            boolean eastAsian = w.length() >= 2 && eastAsian(w);
            if (w.length() >= MIN_WORD || eastAsian) {
                words.add(Folded.fold(w));
            }
            if (eastAsian) {
                eastAsianWords.add(Folded.fold(w));
            }
        }
    }

    /** Written in Han, kana or Hangul: scripts whose names are mostly two or three characters. */
    private static boolean eastAsian(String w) {
        return w.codePoints().allMatch(c -> switch (Character.UnicodeScript.of(c)) {
            case HAN, HIRAGANA, KATAKANA, HANGUL -> true;
            default -> false;
        });
    }

    private static List<String> wordsOf(String folded) {
        return Arrays.stream(NOT_WORD.split(folded)).filter(w -> !w.isEmpty()).toList();
    }

    /** A kept value of the kind checked (typed text or a code, not one that says how to read the instance). */
    static boolean checked(Element e) {
        int tag = e.tag();
        return e instanceof ValueElement v && v.length() > 0 && typed(v.vr()) && Tag.group(tag) != 0x0002
                && Tag.group(tag) != 0x0028 && tag != SPECIFIC_CHARACTER_SET && tag != DeidTags.MODALITY && !SCHEME.contains(tag)
                && !SR_STRUCTURE.contains(tag);
    }

    private static boolean typed(VR vr) {
        return vr == VR.CS || vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC;
    }

    /** Whether one of the value's values holds, as a whole word or whole, a name word or an ID of the header. */
    boolean holdsIdentity(Dataset ds, Element e) {
        if (words.isEmpty() && phrases.isEmpty() && institution.isEmpty() || !checked(e)) {
            return false;
        }
        for (String value : ds.getStrings(e.tag())) {
            String folded = Folded.fold(value.strip());
            if (words.contains(folded)) {
                return true;
            }
            for (String w : eastAsianWords) {
                if (folded.contains(w)) {
                    return true;
                }
            }
            List<String> valueWords = wordsOf(folded);
            if (holdsRun(phrases, valueWords) || !INSTITUTION.contains(e.tag()) && holdsRun(institution, valueWords)) {
                return true;
            }
            for (String w : valueWords) {
                if (words.contains(w)) {
                    return true;
                }
                for (String part : LETTERS_DIGITS.split(w)) {
                    if (words.contains(part)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the value's words hold one of {@code runs} as a run of whole words. */
    private static boolean holdsRun(List<List<String>> runs, List<String> value) {
        for (List<String> phrase : runs) {
            if (Collections.indexOfSubList(value, phrase) >= 0) {
                return true;
            }
        }
        return false;
    }
}
