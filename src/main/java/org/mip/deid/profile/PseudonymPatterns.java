package org.mip.deid.profile;

/**
 * Patterns for pseudonyms. {@code {hash:N}} is replaced by N characters of the keyed hash of the
 * original (upper-case base32 for IDs, so pseudonyms stay within the VR's repertoire); other text is kept.
 *
 * @param patientId       e.g. "PAT-{hash:12}"
 * @param patientName     e.g. "ANON^{hash:8}"
 * @param accessionNumber e.g. "ACC{hash:12}" (SH: at most 16 characters)
 * @param studyId         e.g. "S{hash:10}" (SH: at most 16 characters)
 */
public record PseudonymPatterns(String patientId, String patientName, String accessionNumber, String studyId) {
    public static final PseudonymPatterns DEFAULT =
            new PseudonymPatterns("PAT-{hash:12}", "ANON^{hash:8}", "ACC{hash:12}", "S{hash:10}");
}
