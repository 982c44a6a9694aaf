package org.mip.deid;

import java.util.Optional;

/**
 * The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3), each with its
 * code in CID 7050 "De-identification Method" (coding scheme DCM), as recorded in De-identification
 * Method Code Sequence (0012,0064) of a de-identified instance.
 */
public enum DeidOption {
    RETAIN_SAFE_PRIVATE("113111", "Retain Safe Private Option"),
    RETAIN_UIDS("113110", "Retain UIDs Option"),
    RETAIN_DEVICE_IDENTITY("113109", "Retain Device Identity Option"),
    RETAIN_INSTITUTION_IDENTITY("113112", "Retain Institution Identity Option"),
    RETAIN_PATIENT_CHARACTERISTICS("113108", "Retain Patient Characteristics Option"),
    RETAIN_LONGITUDINAL_FULL_DATES("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    RETAIN_LONGITUDINAL_MODIFIED_DATES("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    CLEAN_DESCRIPTORS("113105", "Clean Descriptors Option"),
    CLEAN_STRUCTURED_CONTENT("113104", "Clean Structured Content Option"),
    CLEAN_GRAPHICS("113103", "Clean Graphics Option"),
    /** Has no column in Table E.1-1: it acts on burned-in text in the pixels. */
    CLEAN_PIXEL_DATA("113101", "Clean Pixel Data Option"),
    /** Has no column in Table E.1-1: it acts on faces etc. in the pixels. */
    CLEAN_RECOGNIZABLE_VISUAL_FEATURES("113102", "Clean Recognizable Visual Features Option");

    public static final String CODING_SCHEME = "DCM";
    /** CID 7050 code of the Basic profile itself, always recorded first. */
    public static final String BASIC_PROFILE_CODE = "113100";
    public static final String BASIC_PROFILE_MEANING = "Basic Application Confidentiality Profile";

    private final String code;
    private final String meaning;

    DeidOption(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The CID 7050 code value, e.g. "113110". */
    public String code() {
        return code;
    }

    /** The CID 7050 code meaning, e.g. "Retain UIDs Option". */
    public String meaning() {
        return meaning;
    }

    public static Optional<DeidOption> ofCode(String code) {
        for (DeidOption o : values()) {
            if (o.code.equals(code)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
