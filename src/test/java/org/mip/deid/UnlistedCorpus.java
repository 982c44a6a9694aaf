package org.mip.deid;

import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.text.SpecificCharacterSet;

/**
 * Instances whose identifying values sit in attributes PS3.15 Table E.1-1 does not list: issuer
 * qualifiers (at the top and in order identifier sequences), a presentation state's Content
 * Description and layers, RT structure set comments and codes, SR TEXT items and code meanings three
 * levels deep, a key object note, functional group labels. What is planted is what the instance's own
 * header already says about the patient, the clinicians and the institution (names, the institution's
 * name and domain, the department, the patient's ID, a phone number, a date), as a site would write it
 * into a descriptive field; attributes no IOD requires also get a marker nothing could recognise, which
 * only removal takes out.
 *
 * <p>Code meanings outside cleaned content hold no planted value: the default keeps Code Meaning
 * there (a documented limit, docs/PROFILES.md); inside SR content a Clean option cleans, one does.
 *
 * <p>{@link #planted()} maps each planted value to where it is and its {@link Kind}: a scorer may allow
 * a kind an option keeps (Retain Institution Identity keeps {@link Kind#INSTITUTION}).
 */
final class UnlistedCorpus {
    /** The character set of the instances' text, with names in its script. */
    enum Charset {
        LATIN1("ISO_IR 100", "MÜLLER-QUAST", "JÜRGEN", "ZÉPHYRINE", "QUIMBÉ", "OLAFSDÓTTIR", "BRYNDÍS",
                "Hôpital Sainte-Xanthippe", "Service de radiologie Quorvian"),
        UTF8("ISO_IR 192", "ΠΑΠΑΔΟΠΟΥΛΟΣ", "ΝΙΚΟΛΑΟΣ", "ЗЕФИРИНА", "КВИМБИ", "OLAFSDÓTTIR", "BRYNDÍS",
                "Νοσοκομείο Ξανθίππη", "Отделение Кворвиан");

        final String term;
        final String patientFamily;
        final String patientGiven;
        final String clinicianGiven;
        final String clinicianFamily;
        final String creatorFamily;
        final String creatorGiven;
        final String institution;
        final String department;

        Charset(String term, String patientFamily, String patientGiven, String clinicianGiven, String clinicianFamily,
                String creatorFamily, String creatorGiven, String institution, String department) {
            this.term = term;
            this.patientFamily = patientFamily;
            this.patientGiven = patientGiven;
            this.clinicianGiven = clinicianGiven;
            this.clinicianFamily = clinicianFamily;
            this.creatorFamily = creatorFamily;
            this.creatorGiven = creatorGiven;
            this.institution = institution;
            this.department = department;
        }
    }

    /** What a planted value is, for the options that may keep it. */
    enum Kind { PERSON, INSTITUTION, IDENTIFIER, DATE, TELECOM, MARKER }

    record Planted(String where, Kind kind) {
    }

    static final String GSPS = "1.2.840.10008.5.1.4.1.1.11.1";
    static final String KO = "1.2.840.10008.5.1.4.1.1.88.59";
    static final String ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1";
    static final String PATIENT_ID = "QX4471920";
    static final String DOMAIN = "xanthippe-infirmary.example.org";
    static final String PHONE = "+44 20 7946 0958";
    static final String STUDY_DATE = "20190304";

    private final Charset charset;
    private final Map<String, Planted> planted = new LinkedHashMap<>();
    private int uid;
    private int marker;

    UnlistedCorpus(Charset charset) {
        this.charset = charset;
    }

    Map<String, Planted> planted() {
        return planted;
    }

    /** Every instance of the corpus, by name. */
    Map<String, DicomFile> build() {
        Map<String, DicomFile> out = new LinkedHashMap<>();
        out.put("gsps", file(presentationState()));
        out.put("rtss", file(structureSet()));
        out.put("sr", file(report()));
        out.put("ko", file(keyObjects()));
        out.put("enhanced-ct", file(functionalGroups()));
        return out;
    }

    // ------------------------------------------------------------------ planting

    private String plant(String value, String where, Kind kind) {
        planted.putIfAbsent(value, new Planted(where, kind));
        return value;
    }

    /** A value nothing could recognise: only removal takes it out. */
    private String marker(String where) {
        return plant(String.format("Q%03dZ%s", marker++, where.replaceAll("[^A-Za-z]", "").toUpperCase()), where, Kind.MARKER);
    }

    private String clinician() {
        return charset.clinicianFamily;
    }

    private DicomFile file(Dataset ds) {
        return DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private String uid() {
        return "1.2.826.0.1.3680043.10.9999." + (++uid);
    }

    /** The header every instance has: the identities the unlisted attributes repeat, and the issuer qualifiers. */
    private Dataset common(String sopClass, String modality) {
        Dataset ds = new Dataset(false);
        set(ds, "SpecificCharacterSet", charset.term);
        set(ds, "SOPClassUID", sopClass);
        set(ds, "SOPInstanceUID", uid());
        set(ds, "StudyInstanceUID", uid());
        set(ds, "SeriesInstanceUID", uid());
        set(ds, "Modality", modality);
        set(ds, "StudyDate", STUDY_DATE);
        set(ds, "StudyTime", "101112");
        set(ds, "PatientName", charset.patientFamily + "^" + charset.patientGiven);
        set(ds, "PatientID", PATIENT_ID);
        set(ds, "PatientBirthDate", "19710203");
        set(ds, "PatientSex", "F");
        set(ds, "PatientTelephoneNumbers", PHONE);
        set(ds, "ReferringPhysicianName", charset.clinicianFamily + "^" + charset.clinicianGiven);
        set(ds, "OperatorsName", charset.creatorFamily + "^" + charset.creatorGiven);
        set(ds, "InstitutionName", charset.institution);
        set(ds, "InstitutionalDepartmentName", charset.department);
        set(ds, "StudyID", "S1");
        set(ds, "AccessionNumber", "A77");
        set(ds, "SeriesNumber", "1");
        set(ds, "InstanceNumber", "1");
        set(ds, "Manufacturer", "ACME");
        plant(charset.patientFamily, "Patient's Name", Kind.PERSON);
        plant(charset.clinicianFamily, "Referring Physician's Name", Kind.PERSON);
        plant(charset.creatorFamily, "Operators' Name", Kind.PERSON);
        plant(charset.institution, "Institution Name", Kind.INSTITUTION);
        plant(charset.department, "Institutional Department Name", Kind.INSTITUTION);
        plant(PATIENT_ID, "Patient ID", Kind.IDENTIFIER);

        // Issuer of Patient ID Qualifiers (owners' case 1), with its facility and jurisdiction sequences
        Dataset qualifiers = item(ds);
        set(qualifiers, "UniversalEntityID", plant(DOMAIN, "Universal Entity ID, issuer qualifiers", Kind.INSTITUTION));
        set(qualifiers, "UniversalEntityIDType", "DNS");
        set(qualifiers, "IdentifierTypeCode", "MR");
        Dataset facility = item(qualifiers);
        set(facility, "LocalNamespaceEntityID", charset.institution);
        set(facility, "UniversalEntityID", DOMAIN);
        set(facility, "UniversalEntityIDType", "DNS");
        seq(qualifiers, "AssigningFacilitySequence", facility);
        Dataset jurisdiction = item(qualifiers);
        code(jurisdiction, "XANTH", "99LOCAL", charset.institution + " patient register");
        seq(qualifiers, "AssigningJurisdictionCodeSequence", jurisdiction);
        Dataset agency = item(qualifiers);
        code(agency, "RAD", "99LOCAL", charset.department);
        seq(qualifiers, "AssigningAgencyOrDepartmentCodeSequence", agency);
        seq(ds, "IssuerOfPatientIDQualifiersSequence", qualifiers);

        // the same issuer inside a request's order identifiers: not a row of Table E.1-1 either
        Dataset request = item(ds);
        set(request, "RequestedProcedureID", "RP1");
        Dataset placer = item(request);
        set(placer, "LocalNamespaceEntityID", charset.institution);
        set(placer, "UniversalEntityID", DOMAIN);
        set(placer, "UniversalEntityIDType", "DNS");
        seq(request, "OrderPlacerIdentifierSequence", placer);
        seq(ds, "RequestAttributesSequence", request);
        return ds;
    }

    private static void code(Dataset ds, String value, String scheme, String meaning) {
        set(ds, "CodeValue", value);
        set(ds, "CodingSchemeDesignator", scheme);
        set(ds, "CodeMeaning", meaning);
    }

    // ------------------------------------------------------------------ instances

    /** A GSPS whose Content Description names the clinician (owners' case 2), with layers and references. */
    private Dataset presentationState() {
        Dataset ds = common(GSPS, "PR");
        set(ds, "ContentLabel", "ANNOTATIONS");
        set(ds, "ContentDescription", "Annotated by Dr. " + clinician() + " for " + charset.patientFamily);
        set(ds, "ContentCreatorName", charset.creatorFamily + "^" + charset.creatorGiven);
        set(ds, "PresentationCreationDate", "20190305");
        set(ds, "PresentationCreationTime", "101500");
        Dataset layer = item(ds);
        set(layer, "GraphicLayer", "LAYER1");
        DeidKit.setUs(layer, "GraphicLayerOrder", 1);
        set(layer, "GraphicLayerDescription", marker("Graphic Layer Description") + " drawn by " + charset.creatorFamily);
        seq(ds, "GraphicLayerSequence", layer);
        Dataset image = item(ds);
        set(image, "ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2");
        set(image, "ReferencedSOPInstanceUID", uid());
        Dataset series = item(ds);
        set(series, "SeriesInstanceUID", uid());
        seq(series, "ReferencedImageSequence", image);
        seq(ds, "ReferencedSeriesSequence", series);
        set(ds, "PresentationLUTShape", "IDENTITY");
        return ds;
    }

    /** An RT structure set: comments and code meanings in its nested frame-of-reference and observation sequences. */
    private Dataset structureSet() {
        Dataset ds = common(DeidKit.RT_STRUCT, "RTSTRUCT");
        set(ds, "StructureSetLabel", "PLAN1");
        set(ds, "StructureSetDate", STUDY_DATE);
        set(ds, "StructureSetTime", "101112");
        Dataset frame = item(ds);
        set(frame, "FrameOfReferenceUID", uid());
        Dataset related = item(frame);
        set(related, "RelatedFrameOfReferenceUID", uid());
        set(related, "FrameOfReferenceTransformationComment", marker("Transformation Comment")
                + " registered by Dr. " + clinician() + " on " + plant("04/03/2019", "a date in a comment", Kind.DATE));
        seq(frame, "FrameOfReferenceRelationshipSequence", related);
        seq(ds, "ReferencedFrameOfReferenceSequence", frame);
        Dataset roi = item(ds);
        set(roi, "ROINumber", "1");
        set(roi, "ReferencedFrameOfReferenceUID", uid());
        set(roi, "ROIName", "PTV");
        set(roi, "ROIGenerationAlgorithm", "MANUAL");
        seq(ds, "StructureSetROISequence", roi);
        Dataset observation = item(ds);
        set(observation, "ObservationNumber", "1");
        set(observation, "ReferencedROINumber", "1");
        set(observation, "RTROIInterpretedType", "PTV");
        set(observation, "ROIInterpreter", "");
        Dataset identification = item(observation);
        code(identification, "PTV-X", "99LOCAL", "Planning target volume");
        seq(observation, "RTROIIdentificationCodeSequence", identification);
        seq(ds, "RTROIObservationsSequence", observation);
        return ds;
    }

    /** A comprehensive SR: TEXT items three levels deep, a local code meaning, an unlisted top-level flag description. */
    private Dataset report() {
        Dataset ds = common(DeidKit.COMPREHENSIVE_SR, "SR");
        set(ds, "CompletionFlag", "COMPLETE");
        set(ds, "CompletionFlagDescription", marker("Completion Flag Description") + " signed by " + clinician());
        set(ds, "VerificationFlag", "UNVERIFIED");
        set(ds, "ValueType", "CONTAINER");
        set(ds, "ContinuityOfContent", "SEPARATE");
        Dataset title = item(ds);
        code(title, "18748-4", "LN", "Diagnostic Imaging Report");
        seq(ds, "ConceptNameCodeSequence", title);
        Dataset finding = item(ds);
        set(finding, "RelationshipType", "CONTAINS");
        set(finding, "ValueType", "CONTAINER");
        set(finding, "ContinuityOfContent", "SEPARATE");
        Dataset findingName = item(finding);
        code(findingName, "121070", "DCM", "Findings");
        seq(finding, "ConceptNameCodeSequence", findingName);
        Dataset text = item(finding);
        set(text, "RelationshipType", "CONTAINS");
        set(text, "ValueType", "TEXT");
        Dataset textName = item(text);
        code(textName, "121071", "DCM", "Finding");
        seq(text, "ConceptNameCodeSequence", textName);
        set(text, "TextValue", "Discussed with Dr. " + clinician() + " and " + charset.creatorFamily + " "
                + charset.creatorGiven + ", call " + PHONE + ", MRN " + PATIENT_ID);
        plant(PHONE, "Patient's Telephone Numbers", Kind.TELECOM);
        Dataset coded = item(text);
        set(coded, "RelationshipType", "HAS PROPERTIES");
        set(coded, "ValueType", "CODE");
        Dataset codedName = item(coded);
        code(codedName, "121071", "DCM", "Finding");
        seq(coded, "ConceptNameCodeSequence", codedName);
        Dataset concept = item(coded);
        code(concept, "L-77", "99LOCAL", "as seen at " + charset.institution);
        seq(coded, "ConceptCodeSequence", concept);
        seq(text, "ContentSequence", coded);
        seq(finding, "ContentSequence", text);
        seq(ds, "ContentSequence", finding);
        return ds;
    }

    /** A key object selection whose note names the clinician and the patient. */
    private Dataset keyObjects() {
        Dataset ds = common(KO, "KO");
        set(ds, "ValueType", "CONTAINER");
        set(ds, "ContinuityOfContent", "SEPARATE");
        Dataset title = item(ds);
        code(title, "113000", "DCM", "Of Interest");
        seq(ds, "ConceptNameCodeSequence", title);
        Dataset note = item(ds);
        set(note, "RelationshipType", "CONTAINS");
        set(note, "ValueType", "TEXT");
        Dataset noteName = item(note);
        code(noteName, "113012", "DCM", "Key Object Description");
        seq(note, "ConceptNameCodeSequence", noteName);
        set(note, "TextValue", "For " + charset.patientFamily + ", ask Dr. " + clinician() + " at " + charset.institution);
        seq(ds, "ContentSequence", note);
        Dataset sop = item(ds);
        set(sop, "ReferencedSOPClassUID", "1.2.840.10008.5.1.4.1.1.2");
        set(sop, "ReferencedSOPInstanceUID", uid());
        Dataset series = item(ds);
        set(series, "SeriesInstanceUID", uid());
        seq(series, "ReferencedSOPSequence", sop);
        Dataset study = item(ds);
        set(study, "StudyInstanceUID", uid());
        seq(study, "ReferencedSeriesSequence", series);
        seq(ds, "CurrentRequestedProcedureEvidenceSequence", study);
        return ds;
    }

    /** An enhanced CT header: labels in shared and per-frame functional groups, an anatomy code meaning. */
    private Dataset functionalGroups() {
        Dataset ds = common(ENHANCED_CT, "CT");
        Dataset shared = item(ds);
        Dataset anatomy = item(shared);
        Dataset region = item(anatomy);
        code(region, "T-D3000", "SRT", "Chest");
        seq(anatomy, "AnatomicRegionSequence", region);
        seq(shared, "FrameAnatomySequence", anatomy);
        seq(ds, "SharedFunctionalGroupsSequence", shared);
        Dataset frame = item(ds);
        Dataset content = item(frame);
        DeidKit.setUs(content, "FrameAcquisitionNumber", 1);
        set(content, "FrameLabel", marker("Frame Label") + " " + charset.creatorFamily);
        set(content, "FrameComments", "frame of " + charset.patientFamily);
        seq(frame, "FrameContentSequence", content);
        seq(ds, "PerFrameFunctionalGroupsSequence", frame);
        set(ds, "ConvolutionKernel", "B30f");
        return ds;
    }

    /** The byte forms of {@code value} to search for: in the instances' character set, and UTF-8. */
    List<byte[]> encodings(String value) {
        List<byte[]> out = new ArrayList<>();
        out.add(value.getBytes(StandardCharsets.UTF_8));
        SpecificCharacterSet cs = SpecificCharacterSet.of(charset.term);
        if (cs.canEncode(value)) {
            out.add(cs.encode(value, VR.LO));
        }
        return out;
    }
}
