package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mip.deid.DeidKit.tag;

import org.junit.jupiter.api.Test;
import org.mip.deid.table.ActionTable;
import org.mip.dicom.Tag;

class ActionResolverTest {

    static ActionResolver resolver(DeidOption... options) {
        return new ActionResolver(DeidKit.profile(options).build(), ActionTable.standard());
    }

    @Test
    void basicProfileCodes() {
        ActionResolver r = resolver();
        assertEquals("Z", r.code(tag("PatientName")));
        assertEquals("Z", r.code(tag("StudyDate")));
        assertEquals("X/Z/D", r.code(tag("InstitutionName")));
        assertEquals("D", r.code(tag("ContentSequence")));
        assertEquals("U", r.code(tag("SOPInstanceUID")));
        assertEquals("X/Z/U*", r.code(tag("SourceImageSequence")));
        assertNull(r.code(tag("Rows")), "not in the table: no code");
        assertEquals("X", r.privateCode());
    }

    @Test
    void optionColumnReplacesTheBasicCode() {
        assertEquals("C", resolver(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).code(tag("StudyDate")));
        assertEquals("K", resolver(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).code(tag("StudyDate")));
        assertEquals("C", resolver(DeidOption.CLEAN_DESCRIPTORS).code(tag("StudyDescription")));
        assertEquals("K", resolver(DeidOption.RETAIN_UIDS).code(tag("StudyInstanceUID")));
        assertEquals("C", resolver(DeidOption.RETAIN_SAFE_PRIVATE).privateCode());
        assertEquals("Z", resolver(DeidOption.RETAIN_UIDS).code(tag("PatientName")), "an option without a cell: basic");
    }

    @Test
    void keepWinsOverCleanWhateverTheOrder() {
        assertEquals("K", resolver(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES, DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)
                .code(tag("StudyDate")));
        assertEquals("K", resolver(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)
                .code(tag("StudyDate")));
        // Date of Last Calibration: 113109=K, 113106=K, 113107=C
        assertEquals("X", resolver().code(tag("DateOfLastCalibration")));
        assertEquals("C", resolver(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).code(tag("DateOfLastCalibration")));
        assertEquals("K", resolver(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, DeidOption.RETAIN_DEVICE_IDENTITY)
                .code(tag("DateOfLastCalibration")));
        // Patient State: 113108=C, 113105=C
        assertEquals("C", resolver(DeidOption.RETAIN_PATIENT_CHARACTERISTICS, DeidOption.CLEAN_DESCRIPTORS)
                .code(tag("PatientState")));
    }

    @Test
    void repeatingGroupRows() {
        ActionResolver r = resolver();
        assertEquals("X", r.code(Tag.of(0x6002, 0x3000)), "Overlay Data of group 6002");
        assertEquals("X", r.code(Tag.of(0x601E, 0x4000)), "Overlay Comments of group 601E");
        assertEquals("X", r.code(Tag.of(0x5010, 0x0022)), "any curve element");
        assertEquals("C", resolver(DeidOption.CLEAN_GRAPHICS).code(Tag.of(0x6004, 0x3000)));
    }

    @Test
    void supplementRowsAndTheirOptions() {
        assertEquals("X", resolver().code(tag("IssuerOfAccessionNumberSequence")));
        assertEquals("K", resolver(DeidOption.RETAIN_INSTITUTION_IDENTITY).code(tag("IssuerOfAccessionNumberSequence")));
        assertEquals("X/Z/D", resolver().code(tag("DeviceID")));
        assertEquals("K", resolver(DeidOption.RETAIN_DEVICE_IDENTITY).code(tag("DeviceID")));
        assertEquals("X", resolver(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).code(tag("PatientBirthDateInAlternativeCalendar")));
        // the issuer of the replaced Patient ID, and the institution in any HL7 hierarchic designator
        assertEquals("X", resolver().code(tag("IssuerOfPatientIDQualifiersSequence")));
        assertEquals("K", resolver(DeidOption.RETAIN_INSTITUTION_IDENTITY).code(tag("IssuerOfPatientIDQualifiersSequence")));
        assertEquals("X/Z/D", resolver().code(tag("LocalNamespaceEntityID")));
        assertEquals("K", resolver(DeidOption.RETAIN_INSTITUTION_IDENTITY).code(tag("UniversalEntityID")));
    }

    /** The supplement only fills gaps: the standard's table never has a row it would contradict. */
    @Test
    void supplementNeverOverlapsTheTable() {
        for (int t : ActionResolver.SUPPLEMENT.keySet()) {
            assertFalse(ActionTable.standard().row(t).isPresent(), Tag.toString(t) + " is in Table E.1-1 now");
        }
    }
}
