package org.mip.deid;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mip.dicom.Tag;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;

/**
 * Whether a code string (CS) the de-identifier keeps holds the patient's name or ID. Codes are
 * structure and are not cleaned as text, yet a device or a person can type a name or an MRN into Body
 * Part Examined, an Image Type value or Conversion Type. Built once per instance from its top-level
 * header as read, before anything changes: the words of every person name (PN) and the patient's
 * IDs, three characters or more, upper case (CS has no lower case). A hit is a whole word of a value:
 * cheap enough for every kept code of every instance, so the full cleaner (whose context costs more
 * than the rest of a header, {@code UnlistedDefaultTest}) is built only for an instance that has one.
 * Not checked: the codes that say how to read the instance (file meta, Specific Character Set,
 * Modality, the Image Pixel group 0028), which no name can be.
 */
final class IdentityInCodes {
    private static final int MIN_WORD = 3;
    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    private static final List<Integer> IDS = List.of(DeidTags.PATIENT_ID, ElementDictionary.standard().tagOf("OtherPatientIDs"),
            DeidTags.ACCESSION_NUMBER);

    private final Set<String> words = new HashSet<>();

    IdentityInCodes(Dataset ds) {
        for (Element e : ds) {
            if (e instanceof ValueElement v && v.vr() == VR.PN && v.length() > 0) {
                for (String value : ds.getStrings(v.tag())) {
                    addWords(value);
                }
            }
        }
        for (int tag : IDS) {
            for (String id : ds.getStrings(tag)) {
                String upper = id.strip().toUpperCase(Locale.ROOT);
                if (upper.length() >= MIN_WORD) {
                    words.add(upper);
                }
            }
        }
    }

    private void addWords(String name) {
        for (String w : name.toUpperCase(Locale.ROOT).split("[\\s^=,.]+")) {
            if (w.length() >= MIN_WORD) {
                words.add(w);
            }
        }
    }

    /** A code string of the kind checked (not one that says how to read the instance), with a value. */
    static boolean checked(Element e) {
        int tag = e.tag();
        return e instanceof ValueElement v && v.vr() == VR.CS && v.length() > 0 && Tag.group(tag) != 0x0002
                && Tag.group(tag) != 0x0028 && tag != SPECIFIC_CHARACTER_SET && tag != DeidTags.MODALITY;
    }

    /** Whether one of the code's values holds, as a whole word or whole, a name word or an ID of the header. */
    boolean holdsIdentity(Dataset ds, Element e) {
        if (words.isEmpty() || !checked(e)) {
            return false;
        }
        for (String value : ds.getStrings(e.tag())) {
            String upper = value.toUpperCase(Locale.ROOT);
            if (words.contains(upper)) {
                return true;
            }
            for (String w : upper.split("[^A-Z0-9]+")) {
                if (words.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
