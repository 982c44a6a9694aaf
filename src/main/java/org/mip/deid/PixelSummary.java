package org.mip.deid;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the pixel stage decided and did, in terms safe to log, audit and write into a reason file:
 * codes, counts and attribute keywords, never a value read from the pixels or the header.
 *
 * @param code            how the burned-in question was settled, e.g. {@code BURNED_IN_SCANNED_CLEAN},
 *                        {@code BURNED_IN_TEXT_REDACTED}, {@code BURNED_IN_DECLARED_NO}
 * @param scanned         true when the pixels were scanned for text
 * @param redacted        true when pixels were blanked (then Burned In Annotation becomes NO and Clean Pixel Data is recorded)
 * @param framesScanned   frames read to find text
 * @param framesChecked   frames read again after blanking, to check nothing is left
 * @param textRegions     text regions found (after merging), before blanking
 * @param ruleRegions     rectangles of matching redaction rules blanked
 * @param ocrRegions      regions the OCR engine reported
 * @param shapeRegions    regions the text-likeness detector reported
 * @param headerMatches   words read in the pixels that equal a value of the instance's own header, by attribute keyword
 * @param ocr             whether OCR took part in the scan
 * @param outputSyntax    the transfer syntax UID of the output's pixel data
 */
public record PixelSummary(String code, boolean scanned, boolean redacted, int framesScanned, int framesChecked,
                           int textRegions, int ruleRegions, int ocrRegions, int shapeRegions,
                           Map<String, Integer> headerMatches, boolean ocr, String outputSyntax) {

    public PixelSummary {
        headerMatches = Map.copyOf(new TreeMap<>(headerMatches));
    }

    /** A decision taken from the header alone: nothing scanned. */
    public static PixelSummary headerOnly(String code, boolean redactedByRules, int ruleRegions, String syntax) {
        return new PixelSummary(code, false, redactedByRules, 0, 0, 0, ruleRegions, 0, 0, Map.of(), false, syntax);
    }

    /** Total of {@link #headerMatches()}. */
    public int headerMatchCount() {
        return headerMatches.values().stream().mapToInt(Integer::intValue).sum();
    }
}
