package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.deid.Operation.Action;
import org.mip.deid.profile.Profile;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.Element;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;

/** X, Z and the combined codes chosen by the Type the instance's IOD gives the attribute at its place. */
class IodTypesTest {
    private static final String COMPREHENSIVE_3D_SR = "1.2.840.10008.5.1.4.1.1.88.34"; // not in the 2008 edition
    private static final Profile BASIC = DeidKit.profile().build();

    private static Element text(String keyword, String value) {
        return new ValueElement(tag(keyword), DeidKit.vr(keyword), value.getBytes(StandardCharsets.US_ASCII));
    }

    private static Element sequence(String keyword) {
        return new SequenceElement(tag(keyword), VR.SQ, false);
    }

    private static Place at(String sopClass, String... sequences) {
        Place p = Place.top(sopClass);
        for (String s : sequences) {
            p = p.inside(tag(s), false);
        }
        return p;
    }

    @Test
    void typeOneGetsADummyWhateverTheCodeSays() {
        // Table E.1-1 says X; every presentation state requires them (Type 1)
        assertEquals('D', IodTypes.choose("X", text("PresentationCreationDate", "20210305"), at(IodCorpus.GSPS)));
        assertEquals('D', IodTypes.choose("X", text("PresentationCreationTime", "083000"), at(IodCorpus.GSPS)));
        // Type 1 inside a sequence: Request Attributes Macro, Requested Procedure ID
        assertEquals('D', IodTypes.choose("X", text("RequestedProcedureID", "RP-1"), at(DeidKit.CT_IMAGE, "RequestAttributesSequence")));
    }

    @Test
    void typeTwoIsEmptiedWhereTheCodeAllowsItElseDummied() {
        // Referenced Request Sequence > Requested Procedure ID is Type 2 in SR and KO: X would break the item
        assertEquals('Z', IodTypes.choose("X", text("RequestedProcedureID", "RP-1"), at(IodCorpus.KO, "ReferencedRequestSequence")));
        assertEquals('Z', IodTypes.choose("X/Z", sequence("ReferencedStudySequence"), at(IodCorpus.KO, "ReferencedRequestSequence")));
        assertEquals('Z', IodTypes.choose("X/Z/D", sequence("ReferencedPerformedProcedureStepSequence"), at(IodCorpus.KO)));
        assertEquals('Z', IodTypes.choose("Z/D", text("ContentCreatorName", "HOUSE^GREGORY"), at(IodCorpus.GSPS)));
    }

    @Test
    void typeThreeIsRemovedAndAnOptionalSequenceIsNeverLeftWithoutItems() {
        assertEquals('X', IodTypes.choose("X/Z", sequence("ReferencedStudySequence"), at(IodCorpus.GSPS)));
        assertEquals('X', IodTypes.choose("X/Z/D", text("InstitutionName", "ST ELSEWHERE"), at(DeidKit.CT_IMAGE)));
        assertEquals('X', IodTypes.choose("X/D", text("InstanceCreationDate", "20210304"), at(DeidKit.CT_IMAGE)));
        // a Type 3 code the table gives Z: emptied, as coded, but a sequence goes rather than keep no item
        assertEquals('Z', IodTypes.choose("Z", text("PatientComments", "x"), at(DeidKit.CT_IMAGE)));
        assertEquals('X', IodTypes.choose("Z", sequence("ReferencedStudySequence"), at(DeidKit.CT_IMAGE)));
    }

    @Test
    void whereTheDataCannotSpeakNothingIsChosen() {
        Element station = text("StationName", "CT7");
        assertEquals(IodTypes.UNKNOWN, IodTypes.choose("X/Z/D", station, Place.unknown(false)), "no SOP class");
        assertEquals(IodTypes.UNKNOWN, IodTypes.choose("X/Z/D", station, at(COMPREHENSIVE_3D_SR)), "class newer than 2008");
        // Operators' Name is not in the 2008 RT Series module; a later edition made it Type 2 there
        assertEquals(IodTypes.UNKNOWN, IodTypes.choose("X/Z/D", text("OperatorsName", "X"), at(DeidKit.RT_STRUCT)));
        // an attribute newer than 2008
        assertEquals(IodTypes.UNKNOWN, IodTypes.choose("X", new SequenceElement(tag("IssuerOfPatientIDQualifiersSequence"), VR.SQ, false),
                at(DeidKit.CT_IMAGE)));
    }

    private static Action decide(Profile profile, Element e, Place place) {
        Dataset ds = new Dataset(false);
        ds.put(e);
        return new DeidPolicy(profile, ActionTable.standard()).decide(ds, e, place).action();
    }

    @Test
    void thePolicyFollowsTheTypeAndKeepsItsInputDrivenRuleElsewhere() {
        assertEquals(Action.DUMMY, decide(BASIC, text("PresentationCreationDate", "20210305"), at(IodCorpus.GSPS)));
        assertEquals(Action.REMOVE, decide(BASIC, text("PresentationCreationDate", "20210305"), at(DeidKit.CT_IMAGE)),
                "X where the IOD does not hold it");
        assertEquals(Action.REMOVE, decide(BASIC, text("StationName", "CT7"), at(DeidKit.CT_IMAGE)));
        assertEquals(Action.DUMMY, decide(BASIC, text("StationName", "CT7"), at(COMPREHENSIVE_3D_SR)),
                "unknown class: a present value is treated as Type 1");
        assertEquals(Action.EMPTY, decide(BASIC, text("StationName", ""), at(COMPREHENSIVE_3D_SR)),
                "unknown class: a present empty value as Type 2");
        assertEquals(Action.DUMMY_SEQUENCE, decide(BASIC, withItem("ReferencedPerformedProcedureStepSequence"), at(COMPREHENSIVE_3D_SR)));
        assertEquals(Action.EMPTY, decide(BASIC, withItem("ReferencedPerformedProcedureStepSequence"), at(IodCorpus.KO)));
        // a Type 1 date under Modified Dates with no option column of its own: shifted, not a dummy
        Profile modified = DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build();
        assertEquals(Action.SHIFT_DATES, decide(modified, text("ObservationDateTime", "20210306120000"),
                at(IodCorpus.ENHANCED_SR, "ContentSequence")));
        assertEquals(Action.DUMMY, decide(BASIC, text("ObservationDateTime", "20210306120000"),
                at(IodCorpus.ENHANCED_SR, "ContentSequence")));
    }

    private static SequenceElement withItem(String keyword) {
        SequenceElement s = new SequenceElement(tag(keyword), VR.SQ, false);
        Dataset item = new Dataset(false);
        item.setString(tag("ReferencedSOPClassUID"), VR.UI, IodCorpus.MPPS_SOP_CLASS);
        s.items().add(item);
        return s;
    }

    @Test
    void thePresentationStateKeepsItsRequiredValuesAndLosesTheOriginalOnes() throws Exception {
        byte[] input = DeidKit.write(DeidKit.file(IodCorpus.gsps(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = DeidKit.run(DeidKit.deidentifier(BASIC), input).reread()) {
            Dataset ds = f.dataset();
            assertEquals("19000101", ds.getString(tag("PresentationCreationDate")));
            assertEquals("000000", ds.getString(tag("PresentationCreationTime")));
            assertNull(ds.get(tag("ReferencedStudySequence")), "Type 3 in General Study: removed, not left empty");
            assertEquals(0, ((ValueElement) ds.get(tag("ContentCreatorName"))).bytes().length, "Z/D on Type 2: present, empty");
        }
        Profile modified = DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build();
        try (DicomFile f = DeidKit.run(DeidKit.deidentifier(modified), input).reread()) {
            String date = f.dataset().getString(tag("PresentationCreationDate"));
            assertNotEquals("20210305", date);
            assertNotEquals("19000101", date);
            assertEquals(8, date.length(), "shifted with the patient's other dates");
        }
        byte[] ko = DeidKit.write(DeidKit.file(IodCorpus.ko(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile f = DeidKit.run(DeidKit.deidentifier(BASIC), ko).reread()) {
            Dataset request = ((SequenceElement) f.dataset().get(tag("ReferencedRequestSequence"))).items().get(0);
            assertEquals(List.of(), ((SequenceElement) request.get(tag("ReferencedStudySequence"))).items(), "Type 2: kept, empty");
            assertEquals(0, ((ValueElement) request.get(tag("RequestedProcedureID"))).bytes().length, "X on Type 2: present, empty");
        }
    }
}
