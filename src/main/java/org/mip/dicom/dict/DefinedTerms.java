package org.mip.dicom.dict;

import java.util.Locale;
import org.mip.dicom.value.Uids;
import java.util.Map;
import java.util.Set;

/**
 * The standard's defined terms of the few attributes whose value a message names: a value that is one of
 * them is a code of the standard, never PHI, and what an operator needs to see ("MR is not in the allowed
 * modalities"); any other value is described by its length only. PS3.6 (our dictionary) has no defined
 * terms, so the two short lists of PS3.3 are here, current and retired terms alike.
 */
public final class DefinedTerms {

    /** PS3.3 C.7.3.1.1.1 Modality, 2024b: defined terms, then retired ones. */
    private static final Set<String> MODALITY = Set.of(
            "ANN", "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CFM", "CR", "CT", "CTPROTOCOL", "DMS", "DG", "DOC", "DX", "ECG",
            "EEG", "EMG", "EOG", "EPS", "ES", "FID", "GM", "HC", "HD", "IO", "IOL", "IVOCT", "IVUS", "KER", "KO", "LEN",
            "LS", "MG", "MR", "M3D", "NM", "OAM", "OCT", "OP", "OPM", "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT",
            "PA", "PLAN", "POS", "PR", "PT", "PX", "REG", "RESP", "RF", "RG", "RTDOSE", "RTIMAGE", "RTINTENT",
            "RTPLAN", "RTRAD", "RTRECORD", "RTSEGANN", "RTSTRUCT", "RWV", "SEG", "SM", "SMR", "SR", "SRF", "STAIN",
            "TEXTUREMAP", "TG", "US", "VA", "XA", "XAPROTOCOL", "XC",
            "AS", "CD", "CF", "CP", "CS", "DD", "DF", "DM", "DS", "EC", "FA", "FS", "LP", "MA", "MS", "OPR", "ST", "VF");

    /** PS3.3 C.7.6.3.1.2 Photometric Interpretation, 2024b (HSV, ARGB, CMYK, YBR_PARTIAL_422 retired). */
    private static final Set<String> PHOTOMETRIC_INTERPRETATION = Set.of(
            "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_420",
            "YBR_ICT", "YBR_RCT", "XYB", "HSV", "ARGB", "CMYK", "YBR_PARTIAL_422");

    private static final Map<Integer, Set<String>> BY_TAG = Map.of(
            CommonTags.MODALITY, MODALITY,
            CommonTags.PHOTOMETRIC_INTERPRETATION, PHOTOMETRIC_INTERPRETATION);

    private DefinedTerms() {
    }

    /** Whether {@code value} (padding and case aside) is a defined term of {@code tag}; false for other tags. */
    public static boolean isDefined(int tag, String value) {
        Set<String> terms = BY_TAG.get(tag);
        return terms != null && value != null && terms.contains(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The root of the UIDs the standard defines (SOP classes, transfer syntaxes...): PS3.5 §9.2, Annex B. */
    public static final String STANDARD_UID_ROOT = "1.2.840.10008.";

    /**
     * A UID that names a class or syntax (SOP Class, Transfer Syntax UID), for a message: itself when it is a
     * valid UID under the standard's root, a code of the standard; else described by its length. Digits can be
     * PHI too: a UID made up by hand may hold a phone number or a birth date.
     */
    public static String shownUid(String uid) {
        if (uid == null) {
            return "no value";
        }
        if (Uids.isValid(uid) && uid.startsWith(STANDARD_UID_ROOT)) {
            return uid;
        }
        return "a " + (Uids.isValid(uid) ? "UID" : "value") + " of " + uid.length() + " characters"
                + (Uids.isValid(uid) ? " outside the standard's root (" + STANDARD_UID_ROOT + ")" : " that is not a UID");
    }

    /**
     * A value of {@code tag} for a message: the term itself (trimmed, upper case) when it is a defined term,
     * else "a value of N characters that is not a defined term" (never the value: it may be PHI).
     */
    public static String shown(int tag, String value) {
        if (isDefined(tag, value)) {
            return value.trim().toUpperCase(Locale.ROOT);
        }
        int n = value == null ? 0 : value.trim().length();
        return "a value of " + n + (n == 1 ? " character" : " characters") + " that is not a defined term";
    }
}
