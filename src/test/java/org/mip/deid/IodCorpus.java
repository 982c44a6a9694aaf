package org.mip.deid;

import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.setUs;

import org.mip.dicom.data.Dataset;

/**
 * Conformant instances of the non-image IODs whose required attributes Table E.1-1 touches: a
 * Grayscale Softcopy Presentation State (Presentation Creation Date/Time are Type 1, Table E.1-1
 * says X), a Key Object Selection Document and an Enhanced SR, both with a Referenced Request
 * Sequence whose Referenced Study Sequence (Type 2, X/Z) holds an item of Type 1 references, and
 * a Referenced Performed Procedure Step Sequence (Type 2, X/Z/D). Each carries identifying values
 * where the IOD requires an attribute, so the de-identifier must replace rather than drop.
 */
final class IodCorpus {
    static final String GSPS = "1.2.840.10008.5.1.4.1.1.11.1";
    static final String KO = "1.2.840.10008.5.1.4.1.1.88.59";
    static final String ENHANCED_SR = "1.2.840.10008.5.1.4.1.1.88.22";
    static final String STUDY_SOP_CLASS = "1.2.840.10008.3.1.2.3.1";
    static final String MPPS_SOP_CLASS = "1.2.840.10008.3.1.2.3.3";
    static final String STUDY = "1.2.840.999.77.1";
    static final String SERIES_CT = "1.2.840.999.77.2";
    static final String CT1 = "1.2.840.999.77.3.1";
    static final String NAME = "GARCIA^LUCIA";
    static final String MRN = "MRN-5550199";

    private IodCorpus() {
    }

    /** Patient, General Study (with a Referenced Study Sequence), series, equipment, SOP common. */
    private static Dataset common(String sopClass, String sop, String series, String modality) {
        Dataset ds = new Dataset(false);
        set(ds, "SpecificCharacterSet", "ISO_IR 100");
        set(ds, "SOPClassUID", sopClass);
        set(ds, "SOPInstanceUID", sop);
        set(ds, "InstanceCreationDate", "20210304");
        set(ds, "InstanceCreationTime", "101500");
        set(ds, "StudyDate", "20210304");
        set(ds, "StudyTime", "100000");
        set(ds, "AccessionNumber", "ACC-20210304-7");
        set(ds, "Modality", modality);
        set(ds, "Manufacturer", "ACME");
        set(ds, "InstitutionName", "ST ELSEWHERE HOSPITAL");
        set(ds, "ReferringPhysicianName", "HOUSE^GREGORY");
        set(ds, "StationName", "CTSTATION7");
        set(ds, "StudyDescription", "CHEST CT FOR " + NAME);
        Dataset study = item(ds);
        set(study, "ReferencedSOPClassUID", STUDY_SOP_CLASS);
        set(study, "ReferencedSOPInstanceUID", STUDY);
        seq(ds, "ReferencedStudySequence", study);
        set(ds, "PatientName", NAME);
        set(ds, "PatientID", MRN);
        set(ds, "PatientBirthDate", "19580612");
        set(ds, "PatientSex", "F");
        set(ds, "StudyInstanceUID", STUDY);
        set(ds, "SeriesInstanceUID", series);
        set(ds, "StudyID", "ST-4471");
        set(ds, "SeriesNumber", "9");
        set(ds, "InstanceNumber", "1");
        return ds;
    }

    /** A GSPS on one CT image, with a text annotation. */
    static Dataset gsps() {
        Dataset ds = common(GSPS, "1.2.840.999.77.4.1", "1.2.840.999.77.4", "PR");
        set(ds, "Laterality", ""); // 2C: dciodvfy asks for it when Body Part Examined is absent
        set(ds, "ContentLabel", "MEASURED");
        set(ds, "ContentDescription", "Reviewed by Dr House");
        set(ds, "PresentationCreationDate", "20210305");
        set(ds, "PresentationCreationTime", "083000");
        set(ds, "ContentCreatorName", "HOUSE^GREGORY");
        Dataset image = item(ds);
        set(image, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(image, "ReferencedSOPInstanceUID", CT1);
        Dataset series = item(ds);
        seq(series, "ReferencedImageSequence", image);
        set(series, "SeriesInstanceUID", SERIES_CT);
        seq(ds, "ReferencedSeriesSequence", series);
        Dataset area = item(ds);
        area.setInts(DeidKit.tag("DisplayedAreaTopLeftHandCorner"), org.mip.dicom.VR.SL, 1, 1);
        area.setInts(DeidKit.tag("DisplayedAreaBottomRightHandCorner"), org.mip.dicom.VR.SL, 512, 512);
        set(area, "PresentationSizeMode", "SCALE TO FIT");
        set(area, "PresentationPixelSpacing", "0.5\\0.5");
        seq(ds, "DisplayedAreaSelectionSequence", area);
        set(ds, "PresentationLUTShape", "IDENTITY");
        Dataset layer = item(ds);
        set(layer, "GraphicLayer", "LAYER1");
        set(layer, "GraphicLayerOrder", "1");
        seq(ds, "GraphicLayerSequence", layer);
        Dataset annotation = item(ds);
        set(annotation, "GraphicLayer", "LAYER1");
        Dataset text = item(annotation);
        set(text, "UnformattedTextValue", "lesion");
        set(text, "AnchorPointAnnotationUnits", "PIXEL");
        DeidKit.bytes(text, DeidKit.tag("AnchorPoint"), org.mip.dicom.VR.FL,
                java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(10f).putFloat(10f).array());
        set(text, "AnchorPointVisibility", "N");
        seq(annotation, "TextObjectSequence", text);
        seq(ds, "GraphicAnnotationSequence", annotation);
        return ds;
    }

    /** The SR Document General attributes of a KO or SR: request, performed procedure, evidence. */
    private static void documentGeneral(Dataset ds) {
        set(ds, "ContentDate", "20210306");
        set(ds, "ContentTime", "120000");
        Dataset mpps = item(ds);
        set(mpps, "ReferencedSOPClassUID", MPPS_SOP_CLASS);
        set(mpps, "ReferencedSOPInstanceUID", "1.2.840.999.77.9");
        seq(ds, "ReferencedPerformedProcedureStepSequence", mpps);
        Dataset request = item(ds);
        Dataset study = item(request);
        set(study, "ReferencedSOPClassUID", STUDY_SOP_CLASS);
        set(study, "ReferencedSOPInstanceUID", STUDY);
        seq(request, "ReferencedStudySequence", study);
        set(request, "StudyInstanceUID", STUDY);
        set(request, "AccessionNumber", "ACC-20210304-7");
        set(request, "PlacerOrderNumberImagingServiceRequest", "PO-88812");
        set(request, "FillerOrderNumberImagingServiceRequest", "FO-77123");
        set(request, "RequestedProcedureID", "RP-5521");
        set(request, "RequestedProcedureDescription", "CT CHEST " + NAME);
        seq(request, "RequestedProcedureCodeSequence");
        seq(ds, "ReferencedRequestSequence", request);
        Dataset evidence = item(ds);
        set(evidence, "StudyInstanceUID", STUDY);
        Dataset series = item(evidence);
        set(series, "SeriesInstanceUID", SERIES_CT);
        Dataset sop = item(series);
        set(sop, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(sop, "ReferencedSOPInstanceUID", CT1);
        seq(series, "ReferencedSOPSequence", sop);
        seq(evidence, "ReferencedSeriesSequence", series);
        seq(ds, "CurrentRequestedProcedureEvidenceSequence", evidence);
    }

    private static Dataset code(Dataset parent, String value, String scheme, String meaning) {
        Dataset c = item(parent);
        set(c, "CodeValue", value);
        set(c, "CodingSchemeDesignator", scheme);
        set(c, "CodeMeaning", meaning);
        return c;
    }

    /** A Key Object Selection of one CT image ("Of Interest"). */
    static Dataset ko() {
        Dataset ds = common(KO, "1.2.840.999.77.5.1", "1.2.840.999.77.5", "KO");
        documentGeneral(ds);
        set(ds, "ValueType", "CONTAINER");
        seq(ds, "ConceptNameCodeSequence", code(ds, "113000", "DCM", "Of Interest"));
        set(ds, "ContinuityOfContent", "SEPARATE");
        Dataset template = item(ds);
        set(template, "MappingResource", "DCMR");
        set(template, "TemplateIdentifier", "2010");
        seq(ds, "ContentTemplateSequence", template);
        Dataset image = item(ds);
        set(image, "RelationshipType", "CONTAINS");
        set(image, "ValueType", "IMAGE");
        Dataset ref = item(image);
        set(ref, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(ref, "ReferencedSOPInstanceUID", CT1);
        seq(image, "ReferencedSOPSequence", ref);
        seq(ds, "ContentSequence", image);
        return ds;
    }

    /** An Enhanced SR report: a container with a text finding by a named observer. */
    static Dataset enhancedSr() {
        Dataset ds = common(ENHANCED_SR, "1.2.840.999.77.6.1", "1.2.840.999.77.6", "SR");
        documentGeneral(ds);
        set(ds, "CompletionFlag", "COMPLETE");
        set(ds, "VerificationFlag", "VERIFIED");
        set(ds, "VerificationDateTime", "20210306130000");
        Dataset verifier = item(ds);
        set(verifier, "VerifyingObserverName", "HOUSE^GREGORY");
        set(verifier, "VerifyingOrganization", "ST ELSEWHERE HOSPITAL");
        set(verifier, "VerificationDateTime", "20210306130000");
        seq(verifier, "VerifyingObserverIdentificationCodeSequence");
        seq(ds, "VerifyingObserverSequence", verifier);
        seq(ds, "PerformedProcedureCodeSequence");
        set(ds, "ValueType", "CONTAINER");
        seq(ds, "ConceptNameCodeSequence", code(ds, "18748-4", "LN", "Diagnostic Imaging Report"));
        set(ds, "ContinuityOfContent", "SEPARATE");
        Dataset finding = item(ds);
        set(finding, "RelationshipType", "CONTAINS");
        set(finding, "ValueType", "TEXT");
        seq(finding, "ConceptNameCodeSequence", code(finding, "121071", "DCM", "Finding"));
        set(finding, "TextValue", "Nodule stable, reviewed with " + NAME);
        set(finding, "ObservationDateTime", "20210306120000");
        seq(ds, "ContentSequence", finding);
        return ds;
    }
}
