package org.mip.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict on one file: valid when there are no findings.
 *
 * @param valid    whether the file may enter the pipeline
 * @param findings every reason it may not, in the order found (file, then meta, then data set order)
 */
public record ValidationResult(boolean valid, List<Finding> findings) {

    public ValidationResult {
        findings = List.copyOf(findings);
    }

    public static ValidationResult of(List<Finding> findings) {
        return new ValidationResult(findings.isEmpty(), findings);
    }

    public boolean has(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }

    /** The findings' one-line forms joined with "; " (empty when valid). */
    public String summary() {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("; "));
    }
}
