package org.mip.dicom.iod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.dicom.iod.AttributeType.*;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.dict.StandardFiles;

/** The committed PS3.3 Types, read through the API the de-identifier uses. */
class ModuleTypesTest {
    private static final String GSPS = "1.2.840.10008.5.1.4.1.1.11.1";
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String KO = "1.2.840.10008.5.1.4.1.1.88.59";
    private static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    private static final String COMPREHENSIVE_3D_SR = "1.2.840.10008.5.1.4.1.1.88.34"; // after 2008
    private static final String RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3";

    private final ModuleTypes types = ModuleTypes.standard();
    private final ElementDictionary dict = ElementDictionary.standard();

    private List<Integer> path(String... keywords) {
        return java.util.Arrays.stream(keywords).map(dict::tagOf).toList();
    }

    private List<Integer> append(List<Integer> path, String keyword) {
        List<Integer> p = new java.util.ArrayList<>(path);
        p.add(dict.tagOf(keyword));
        return p;
    }

    @Test
    void typesOfTheTopLevelFollowTheModulesOfTheIod() {
        assertEquals(TYPE_1, types.typeIn(GSPS, path("PresentationCreationDate")));
        assertEquals(TYPE_1, types.typeIn(GSPS, path("PresentationCreationTime")));
        assertEquals(TYPE_2, types.typeIn(GSPS, path("StudyDate")));
        assertEquals(TYPE_2, types.typeIn(CT, path("PatientName")));
        assertEquals(TYPE_3, types.typeIn(CT, path("ReferencedStudySequence")));
        assertEquals(TYPE_1, types.typeIn(CT, path("ImageType")));
        assertEquals(NOT_IN_IOD, types.typeIn(CT, path("PresentationCreationDate")), "a presentation state's attribute");
        assertEquals(TYPE_1, types.typeIn(RTSTRUCT, path("StructureSetLabel")));
    }

    @Test
    void nestedAttributesHaveTheTypeOfTheirPlace() {
        assertEquals(TYPE_1, types.typeIn(CT, path("ReferencedStudySequence", "ReferencedSOPInstanceUID")));
        assertEquals(TYPE_2, types.typeIn(KO, path("ReferencedRequestSequence", "ReferencedStudySequence")));
        assertEquals(TYPE_1, types.typeIn(KO, path("ReferencedRequestSequence", "ReferencedStudySequence", "ReferencedSOPClassUID")));
        assertEquals(TYPE_2, types.typeIn(KO, path("ReferencedPerformedProcedureStepSequence")));
        assertEquals(NOT_IN_IOD, types.typeIn(CT, path("ReferencedSOPInstanceUID")), "only inside its sequence");
        // a macro included in a sequence: Code Sequence Macro inside Procedure Code Sequence
        assertEquals(TYPE_1, types.typeIn(CT, path("ProcedureCodeSequence", "CodeValue")));
        assertEquals(TYPE_1, types.typeIn(COMPREHENSIVE_SR, path("ContentSequence", "RelationshipType")));
        assertEquals(TYPE_1, types.typeIn(COMPREHENSIVE_SR, path("ContentSequence", "ValueType")));
    }

    @Test
    void overlaysInAnyRepeatingGroupReadAsTheTableWritesThem() {
        int overlayRows = dict.tagOf("OverlayRows");
        assertEquals(TYPE_1, types.typeIn(GSPS, List.of(overlayRows)));
        assertEquals(TYPE_1, types.typeIn(GSPS, List.of(overlayRows + 0x00020000))); // (6002,0010)
        assertTrue(types.requiredInAnyIod(overlayRows + 0x001E0000));
    }

    @Test
    void requiredInAnyIodLooksAtEveryDepthOfEveryIod() {
        assertTrue(types.requiredInAnyIod(dict.tagOf("PresentationCreationDate")));
        assertTrue(types.requiredInAnyIod(dict.tagOf("ReferencedSOPInstanceUID")), "Type 1 inside sequences only");
        assertTrue(types.requiredInAnyIod(dict.tagOf("PatientName")));
        assertTrue(types.requiredInAnyIod(dict.tagOf("ContentDescription")), "Type 2 in presentation states");
        assertTrue(types.requiredInAnyIod(dict.tagOf("InstitutionName")), "1C in the Person Identification Macro");
        assertFalse(types.requiredInAnyIod(dict.tagOf("PatientComments")), "Type 3 wherever it appears");
        assertFalse(types.requiredInAnyIod(dict.tagOf("OtherPatientIDsSequence")));
        assertFalse(types.requiredInAnyIod(0x00091010), "private");
    }

    @Test
    void whatTheDataCannotSpeakForIsSaidSo() {
        assertFalse(types.knowsSopClass(COMPREHENSIVE_3D_SR));
        assertFalse(types.knowsSopClass(null));
        assertEquals(NOT_IN_IOD, types.typeIn(COMPREHENSIVE_3D_SR, path("PatientName")));
        assertFalse(types.describes(COMPREHENSIVE_3D_SR, path("PatientName")));
        assertTrue(types.describes(CT, path("PatientName")));
        assertTrue(types.describes(CT, path("PresentationCreationDate")), "known attribute, not in this IOD");
        // an attribute newer than 2008 (Patient's Sex Neutered arrived in 2009): may be required in a newer IOD
        int newer = dict.tagOf("IssuerOfPatientIDQualifiersSequence");
        assertFalse(types.knowsAttribute(newer));
        assertFalse(types.describes(CT, List.of(newer)));
        // SR content: the Document Relationship Macro includes itself; written out 8 levels deep
        assertTrue(types.describes(COMPREHENSIVE_SR, path("ContentSequence", "ValueType")));
        List<Integer> deep = new java.util.ArrayList<>();
        for (int i = 0; i < ModuleTypesGenerator.RECURSION; i++) {
            deep.add(dict.tagOf("ContentSequence"));
            assertEquals(TYPE_1, types.typeIn(COMPREHENSIVE_SR, append(deep, "RelationshipType")), "level " + deep.size());
            assertEquals(deep.size() < ModuleTypesGenerator.RECURSION,
                    types.describes(COMPREHENSIVE_SR, append(deep, "RelationshipType")), "level " + deep.size());
        }
    }

    @Test
    void itemAttributesListWhatAnItemOfTheSequenceHolds() {
        Map<Integer, AttributeType> item = types.itemAttributes(KO, path("ReferencedRequestSequence", "ReferencedStudySequence"));
        assertEquals(Map.of(dict.tagOf("ReferencedSOPClassUID"), TYPE_1, dict.tagOf("ReferencedSOPInstanceUID"), TYPE_1), item);
        assertEquals(Map.of(), types.itemAttributes(COMPREHENSIVE_3D_SR, path("ReferencedRequestSequence")));
    }

    @Test
    void everyAdmittedClassOfTheMappingHasItsIod() {
        for (String uid : SopClassIods.BY_UID.keySet()) {
            assertTrue(types.knowsSopClass(uid), uid);
            assertEquals(TYPE_1, types.typeIn(uid, path("SOPInstanceUID")), uid + ": SOP Common is in every IOD");
        }
    }

    @Test
    void aTruncatedOrReorderedResourceDoesNotLoad() throws IOException {
        String text = StandardFiles.resource(ModuleTypes.class, ModuleTypes.RESOURCE);
        String truncated = text.substring(0, text.lastIndexOf("\nA ") + 1);
        IOException e = assertThrows(IOException.class, () -> ModuleTypes.parse(truncated));
        assertTrue(e.getMessage().contains("the header declares"), e.getMessage());
        assertThrows(IOException.class, () -> ModuleTypes.parse("# rows: 1\nA 00100010 2\n"));
        assertThrows(IOException.class, () -> ModuleTypes.parse("# rows: 2\nM C.1 C.1-1 M\nA 00100010 4\n"));
    }
}
