package org.mip.validate;

import java.util.Set;

/**
 * What a site lets into the pipeline. An empty allow-list allows everything.
 *
 * @param allowedModalities  (0008,0060) values accepted, e.g. CT, MR; compared exactly (upper case by the standard)
 * @param allowedSopClasses  (0008,0016) UIDs accepted
 * @param maxFileSize        largest file in bytes; 0 or negative means no limit
 */
public record ValidationPolicy(Set<String> allowedModalities, Set<String> allowedSopClasses, long maxFileSize) {

    /** No allow-lists, no size limit: only the structural checks apply. */
    public static final ValidationPolicy PERMISSIVE = new ValidationPolicy(Set.of(), Set.of(), 0);

    public ValidationPolicy {
        allowedModalities = allowedModalities == null ? Set.of() : Set.copyOf(allowedModalities);
        allowedSopClasses = allowedSopClasses == null ? Set.of() : Set.copyOf(allowedSopClasses);
    }

    public ValidationPolicy withAllowedModalities(Set<String> value) {
        return new ValidationPolicy(value, allowedSopClasses, maxFileSize);
    }

    public ValidationPolicy withAllowedSopClasses(Set<String> value) {
        return new ValidationPolicy(allowedModalities, value, maxFileSize);
    }

    public ValidationPolicy withMaxFileSize(long value) {
        return new ValidationPolicy(allowedModalities, allowedSopClasses, value);
    }

    public boolean hasSizeLimit() {
        return maxFileSize > 0;
    }
}
