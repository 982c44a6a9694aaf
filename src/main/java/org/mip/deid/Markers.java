package org.mip.deid;

import static org.mip.deid.DeidTags.BURNED_IN_ANNOTATION;
import static org.mip.deid.DeidTags.CODE_MEANING;
import static org.mip.deid.DeidTags.CODE_VALUE;
import static org.mip.deid.DeidTags.CODING_SCHEME_DESIGNATOR;
import static org.mip.deid.DeidTags.CONTRIBUTING_EQUIPMENT_SEQUENCE;
import static org.mip.deid.DeidTags.CONTRIBUTION_DESCRIPTION;
import static org.mip.deid.DeidTags.DEIDENTIFICATION_METHOD;
import static org.mip.deid.DeidTags.DEIDENTIFICATION_METHOD_CODE_SEQUENCE;
import static org.mip.deid.DeidTags.FILE_META_INFORMATION_VERSION;
import static org.mip.deid.DeidTags.IMPLEMENTATION_CLASS_UID;
import static org.mip.deid.DeidTags.IMPLEMENTATION_VERSION_NAME;
import static org.mip.deid.DeidTags.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED;
import static org.mip.deid.DeidTags.MANUFACTURER;
import static org.mip.deid.DeidTags.MANUFACTURER_MODEL_NAME;
import static org.mip.deid.DeidTags.PATIENT_IDENTITY_REMOVED;
import static org.mip.deid.DeidTags.PURPOSE_OF_REFERENCE_CODE_SEQUENCE;
import static org.mip.deid.DeidTags.SOFTWARE_VERSIONS;
import static org.mip.deid.DeidTags.SOP_CLASS_UID;
import static org.mip.deid.DeidTags.SOP_INSTANCE_UID;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mip.deid.profile.Profile;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/**
 * What a de-identified instance says about itself (PS3.15 E.1.1, PS3.3 C.12.1): Patient Identity
 * Removed, De-identification Method and its Code Sequence (the Basic profile and each option
 * applied), Longitudinal Temporal Information Modified, this product as Contributing Equipment,
 * Burned In Annotation NO once pixels were redacted; and a File Meta Information group written afresh.
 */
final class Markers {
    static final String STANDARD_EDITION = "2024b";
    /** The product's implementation class UID (2.25 form of a fixed UUID), in the file meta it writes. */
    static final String IMPLEMENTATION_CLASS = "2.25.225386384453214934431370346914331392227";

    private final Profile profile;
    private final String version;

    Markers(Profile profile, String version) {
        this.profile = profile;
        this.version = version;
    }

    /** The options the output may claim: the profile's, but Clean Pixel Data only when pixels were cleaned. */
    Set<DeidOption> applied(boolean redacted) {
        Set<DeidOption> applied = EnumSet.noneOf(DeidOption.class);
        for (DeidOption o : profile.options()) {
            if (o != DeidOption.CLEAN_PIXEL_DATA && o != DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES) {
                applied.add(o);
            }
        }
        if (redacted) {
            applied.add(DeidOption.CLEAN_PIXEL_DATA);
        }
        return applied;
    }

    void add(Dataset ds, Set<DeidOption> applied, boolean redacted) {
        ds.setString(PATIENT_IDENTITY_REMOVED, VR.CS, "YES");
        List<String> method = new ArrayList<>();
        method.add(truncate(Deidentifier.PRODUCT + " " + version, 64));
        method.add("DICOM PS3.15 " + STANDARD_EDITION + " Basic Profile");
        method.add(truncate("profile " + profile.name(), 64));
        for (DeidOption o : applied) {
            method.add(truncate(o.meaning(), 64));
        }
        ds.setStrings(DEIDENTIFICATION_METHOD, VR.LO, method);

        SequenceElement codes = new SequenceElement(DEIDENTIFICATION_METHOD_CODE_SEQUENCE, VR.SQ, false);
        codes.items().add(code(ds, DeidOption.BASIC_PROFILE_CODE, DeidOption.BASIC_PROFILE_MEANING));
        for (DeidOption o : applied) {
            codes.items().add(code(ds, o.code(), o.meaning()));
        }
        ds.put(codes);

        String temporal = profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        ds.setString(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, VR.CS, temporal);

        Element existing = ds.get(CONTRIBUTING_EQUIPMENT_SEQUENCE);
        SequenceElement equipment = existing instanceof SequenceElement s ? s
                : new SequenceElement(CONTRIBUTING_EQUIPMENT_SEQUENCE, VR.SQ, false);
        Dataset item = new Dataset(ds.bigEndian());
        item.setParent(ds);
        item.setString(MANUFACTURER, VR.LO, Deidentifier.PRODUCT);
        item.setString(MANUFACTURER_MODEL_NAME, VR.LO, Deidentifier.PRODUCT);
        item.setString(SOFTWARE_VERSIONS, VR.LO, truncate(version, 64));
        SequenceElement purpose = new SequenceElement(PURPOSE_OF_REFERENCE_CODE_SEQUENCE, VR.SQ, false);
        purpose.items().add(code(item, "109104", "De-identifying Equipment"));
        item.put(purpose);
        item.setString(CONTRIBUTION_DESCRIPTION, VR.ST, "De-identification (" + profile.name() + ")");
        equipment.items().add(item);
        ds.put(equipment);

        if (redacted) {
            ds.setString(BURNED_IN_ANNOTATION, VR.CS, "NO");
        }
    }

    private static Dataset code(Dataset parent, String value, String meaning) {
        Dataset item = new Dataset(parent.bigEndian());
        item.setParent(parent);
        item.setString(CODE_VALUE, VR.SH, value);
        item.setString(CODING_SCHEME_DESIGNATOR, VR.SH, DeidOption.CODING_SCHEME);
        item.setString(CODE_MEANING, VR.LO, meaning);
        return item;
    }

    /**
     * A fresh File Meta Information group: nothing of the input's meta survives but its transfer
     * syntax, so AE titles, source addresses and private meta information are gone.
     */
    Dataset meta(Dataset ds, TransferSyntax ts) {
        Dataset meta = new Dataset(false);
        // The version goes into a 16-character SH; the class UID says which product wrote the file.
        meta.put(new ValueElement(FILE_META_INFORMATION_VERSION, VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.setString(IMPLEMENTATION_CLASS_UID, VR.UI, IMPLEMENTATION_CLASS);
        meta.setString(IMPLEMENTATION_VERSION_NAME, VR.SH, truncate("MIP " + version, 16));
        return meta;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
