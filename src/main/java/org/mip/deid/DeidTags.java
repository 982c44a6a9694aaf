package org.mip.deid;

import org.mip.dicom.Tag;
import org.mip.dicom.dict.CommonTags;
import org.mip.dicom.dict.ElementDictionary;

/** Tags the de-identifier treats specially, looked up by keyword in the generated dictionary ({@link CommonTags} and the codec's {@link Tag} for those others read too). */
final class DeidTags {
    static final int PATIENT_ID = CommonTags.PATIENT_ID;
    static final int PATIENT_NAME = CommonTags.PATIENT_NAME;
    static final int ISSUER_OF_PATIENT_ID = tag("IssuerOfPatientID");
    static final int PATIENT_BIRTH_DATE = tag("PatientBirthDate");
    static final int ACCESSION_NUMBER = tag("AccessionNumber");
    static final int STUDY_ID = tag("StudyID");
    static final int STUDY_INSTANCE_UID = CommonTags.STUDY_INSTANCE_UID;
    static final int SERIES_INSTANCE_UID = CommonTags.SERIES_INSTANCE_UID;
    static final int SOP_INSTANCE_UID = Tag.SOP_INSTANCE_UID;
    static final int SOP_CLASS_UID = Tag.SOP_CLASS_UID;
    static final int MODALITY = CommonTags.MODALITY;
    static final int PATIENT_IDENTITY_REMOVED = tag("PatientIdentityRemoved");
    static final int DEIDENTIFICATION_METHOD = tag("DeidentificationMethod");
    static final int DEIDENTIFICATION_METHOD_CODE_SEQUENCE = tag("DeidentificationMethodCodeSequence");
    static final int LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = tag("LongitudinalTemporalInformationModified");
    static final int CONTRIBUTING_EQUIPMENT_SEQUENCE = tag("ContributingEquipmentSequence");
    static final int PURPOSE_OF_REFERENCE_CODE_SEQUENCE = tag("PurposeOfReferenceCodeSequence");
    static final int MANUFACTURER = tag("Manufacturer");
    static final int MANUFACTURER_MODEL_NAME = tag("ManufacturerModelName");
    static final int SOFTWARE_VERSIONS = tag("SoftwareVersions");
    static final int CONTRIBUTION_DESCRIPTION = tag("ContributionDescription");
    static final int CODE_VALUE = tag("CodeValue");
    static final int CODING_SCHEME_DESIGNATOR = tag("CodingSchemeDesignator");
    static final int CODE_MEANING = tag("CodeMeaning");
    static final int BURNED_IN_ANNOTATION = tag("BurnedInAnnotation");
    static final int OVERLAY_DATA = tag("OverlayData");
    static final int FILE_META_INFORMATION_VERSION = tag("FileMetaInformationVersion");
    static final int IMPLEMENTATION_CLASS_UID = tag("ImplementationClassUID");
    static final int IMPLEMENTATION_VERSION_NAME = tag("ImplementationVersionName");

    private DeidTags() {
    }

    private static int tag(String keyword) {
        return ElementDictionary.standard().tagOf(keyword);
    }
}
