package org.mip.deid;

import java.util.Set;

/**
 * Which UIDs identify something about a patient and must be replaced, and which name a standard
 * thing (a SOP class, a transfer syntax, a coding scheme) and must stay, or the output breaks.
 * Values under the DICOM root 1.2.840.10008 are always well known; attributes whose keyword says
 * they hold a class or syntax keep their values whatever the root (private SOP classes exist).
 */
final class UidPolicy {
    private static final Set<String> KEEP_KEYWORDS = Set.of(
            "CodingSchemeUID", "ContextGroupExtensionCreatorUID", "ContextUID", "MappingResourceUID",
            "PrivateInformationCreatorUID", "CreatorVersionUID", "SegmentationTemplateUID",
            "TemplateExtensionOrganizationUID", "TemplateExtensionCreatorUID", "ImplementationClassUID");

    private UidPolicy() {
    }

    static boolean isWellKnown(String uid) {
        return uid.startsWith("1.2.840.10008.");
    }

    /** True when the attribute names a class, syntax or scheme rather than an instance. */
    static boolean isClassAttribute(String keyword) {
        return KEEP_KEYWORDS.contains(keyword) || keyword.contains("ClassUID") || keyword.contains("SOPClasses")
                || keyword.contains("TransferSyntaxUID");
    }
}
