package org.mip.validate;

/**
 * Why a file may not enter the pipeline. The names are stable: they appear in quarantine reasons,
 * audit events and the CLI's output (see {@code docs/VALIDATION.md}).
 */
public enum FindingCode {
    /** The file cannot be parsed; the finding carries the codec's {@link org.mip.dicom.DicomException.Reason}. */
    UNREADABLE,
    /** The file ends before a value, item or sequence it announced. */
    TRUNCATED,
    /** No (0002,0010) Transfer Syntax UID: the meta group lacks it, or there is no meta group at all. */
    MISSING_TRANSFER_SYNTAX,
    /** (0002,0010) names a transfer syntax this pipeline does not know. */
    UNKNOWN_TRANSFER_SYNTAX,
    /** A required attribute is absent or empty. */
    MISSING_ATTRIBUTE,
    /** A UID breaks PS3.5 §9.1: empty, over 64 characters, a character other than digits and dots, an empty component, a leading zero. */
    INVALID_UID,
    /** Native pixel data whose length is not what Rows, Columns, frames, samples and Bits Allocated say. */
    PIXEL_DATA_LENGTH,
    /** (0008,0060) Modality is not in the policy's allow-list. */
    MODALITY_NOT_ALLOWED,
    /** (0008,0016) SOP Class UID is not in the policy's allow-list. */
    SOP_CLASS_NOT_ALLOWED,
    /** The file is larger than the policy's limit. */
    TOO_LARGE,
    /** A value violates its VR where it matters (numbers, dates, binary lengths, pixel description). */
    INVALID_VALUE
}
