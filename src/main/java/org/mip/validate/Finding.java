package org.mip.validate;

import java.util.Objects;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.dict.ElementDictionary;

/**
 * One reason a file is not valid.
 *
 * @param code    what kind of problem
 * @param tag     the element concerned (a top-level tag, or the nested element itself), or null for the file as a whole
 * @param message for people: names the element ("(0028,0008) NumberOfFrames: ...") and says why; it never
 *                contains a value that could be PHI (only lengths, positions, counts, and standard codes or UIDs)
 * @param reason  the codec's reason for {@link FindingCode#UNREADABLE} and {@link FindingCode#TRUNCATED}, else null
 */
public record Finding(FindingCode code, Integer tag, String message, DicomException.Reason reason) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public Finding(FindingCode code, Integer tag, String message) {
        this(code, tag, message, null);
    }

    /** A finding about element {@code tag}; the message is prefixed with "(gggg,eeee) Keyword: ". */
    static Finding of(FindingCode code, int tag, String why) {
        return new Finding(code, tag, label(tag) + ": " + why);
    }

    /**
     * "(gggg,eeee) Keyword", or just the tag when the dictionary has no keyword for it; a tag whose four bytes
     * are all text is not spelled out ({@link Tag#shown}): it is a value read as a tag, and may be PHI.
     */
    public static String label(int tag) {
        String keyword = keyword(tag);
        return keyword.isEmpty() ? (Tag.isText(tag) ? "an element whose tag is " : "") + Tag.shown(tag)
                : Tag.toString(tag) + " " + keyword;
    }

    /** The dictionary keyword of {@code tag}, or "" (private and unknown tags). */
    public static String keyword(int tag) {
        return ElementDictionary.standard().keywordOf(tag);
    }

    /**
     * One line with one code: "CODE[: ]message", e.g. "INVALID_VALUE (0028,0008) NumberOfFrames: ..." or, for
     * a file that cannot be parsed, the codec's reason ("NOT_DICOM: ...", "TRUNCATED: ..."): the code the
     * pipeline quarantines such a file with.
     */
    @Override
    public String toString() {
        return displayCode() + (tag != null ? " " : ": ") + message;
    }

    /** The one code shown for this finding: the codec's reason when there is one, else {@link #code}. */
    public String displayCode() {
        return reason != null ? reason.name() : code.name();
    }
}
