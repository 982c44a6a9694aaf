package org.mip.batch;

/**
 * What happened to one input file. Messages never hold element values or input paths (the codec,
 * the validator and the de-identifier promise the first; {@link FileProcessor} removes the second).
 *
 * @param kind     the outcome
 * @param stage    where it was decided: parse, validate, deidentify, write (null when written)
 * @param code     the reason code (a {@code DicomException.Reason}, {@code FindingCode}, refusal code, or one
 *                 of this package's: DUPLICATE_SOP_INSTANCE, INTERNAL_ERROR, IO_ERROR); null when written
 * @param message  for people; null when written
 * @param output   the output's path relative to the output directory (written, duplicate), or the
 *                 quarantine copy's (quarantined); null when failed
 * @param bytes    size of the input
 * @param cause    for {@code INTERNAL_ERROR}, the unexpected exception (shown with {@code --debug} only:
 *                 its message is not vetted like the codes' messages); else null
 */
public record Outcome(Kind kind, String stage, String code, String message, String output, long bytes, Throwable cause) {

    public enum Kind {
        /** De-identified and written under its object key. */
        DEIDENTIFIED("deidentified"),
        /** The same instance as another input of this run, with identical output: not written twice. */
        DUPLICATE("duplicate"),
        /** Refused (unreadable, invalid, or refused by the de-identification policy): copied to quarantine. */
        QUARANTINED("quarantined"),
        /** Not processed because of the machine (I/O error reading it, or writing the output): left where it is. */
        FAILED("failed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Outcome written(String output, long bytes) {
        return new Outcome(Kind.DEIDENTIFIED, null, null, null, output, bytes, null);
    }

    public static Outcome duplicate(String output, long bytes) {
        return new Outcome(Kind.DUPLICATE, null, null, null, output, bytes, null);
    }

    /** True for the outcomes that make the command exit 1. */
    public boolean problem() {
        return kind == Kind.QUARANTINED || kind == Kind.FAILED;
    }
}
