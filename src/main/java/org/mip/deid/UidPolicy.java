package org.mip.deid;

import java.util.Set;

/**
 * Which UIDs identify something about a patient and must be replaced, and which name a standard
 * thing (a SOP class, a transfer syntax, a coding scheme) and must stay, or the output breaks.
 * Values of the DICOM registry are always well known (see {@link #isWellKnown}); attributes whose keyword says
 * they hold a class or syntax keep their values whatever the root (private SOP classes exist).
 */
final class UidPolicy {
    private static final Set<String> KEEP_KEYWORDS = Set.of(
            "CodingSchemeUID", "ContextGroupExtensionCreatorUID", "ContextUID", "MappingResourceUID",
            "PrivateInformationCreatorUID", "CreatorVersionUID", "SegmentationTemplateUID",
            "TemplateExtensionOrganizationUID", "TemplateExtensionCreatorUID", "ImplementationClassUID");

    private UidPolicy() {
    }

    /**
     * A UID of the DICOM registry (PS3.6 Annex A): under 1.2.840.10008, in the registry's shape
     * (at most 12 components after the root, each a number of at most 4 digits; the registry has at
     * most 9, of at most 3). Anything else under the root is a system misusing it for its own
     * instances (it may embed an MRN, a birth date, a name) and is replaced like any other UID.
     */
    static boolean isWellKnown(String uid) {
        if (!uid.startsWith(DICOM_ROOT)) {
            return false;
        }
        String[] components = uid.substring(DICOM_ROOT.length()).split("\\.", -1);
        if (components.length > 12) {
            return false;
        }
        for (String c : components) {
            if (!REGISTRY_COMPONENT.matcher(c).matches()) {
                return false;
            }
        }
        return true;
    }

    private static final String DICOM_ROOT = "1.2.840.10008.";
    private static final java.util.regex.Pattern REGISTRY_COMPONENT = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,3}");

    /** True when the attribute names a class, syntax or scheme rather than an instance. */
    static boolean isClassAttribute(String keyword) {
        return KEEP_KEYWORDS.contains(keyword) || keyword.contains("ClassUID") || keyword.contains("SOPClasses")
                || keyword.contains("TransferSyntaxUID");
    }
}
