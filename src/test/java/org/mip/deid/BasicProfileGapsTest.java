package org.mip.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;

/** Identifying content the Basic profile as first implemented let through, one test per gap. */
class BasicProfileGapsTest {

    static Dataset minimal() {
        Dataset ds = new Dataset(false);
        set(ds, "SOPClassUID", DeidKit.CT_IMAGE);
        set(ds, "SOPInstanceUID", "1.2.3.4.1");
        set(ds, "StudyInstanceUID", "1.2.3.4.2");
        set(ds, "SeriesInstanceUID", "1.2.3.4.3");
        set(ds, "Modality", "CT");
        set(ds, "PatientID", "MRN001");
        set(ds, "PatientName", "DOE^JANE");
        return ds;
    }

    /**
     * File meta (0002) and command (0000) elements have no place in a data set; a broken writer
     * may still put them there (after an odd group, so readers keep them in the body). Table E.1-1
     * lists only (0002,0003), so Source AE Title or a presentation address stayed.
     */
    @Test
    void metaAndCommandElementsInTheBodyAreRemoved() throws Exception {
        Dataset ds = minimal();
        ds.setString(Tag.of(0x0001, 0x1001), VR.LO, "ODD");
        ds.setString(tag("SourceApplicationEntityTitle"), VR.AE, "HOSPAE01");
        ds.setString(tag("SourcePresentationAddress"), VR.UR, "dicom://pacs9.hospital.example:104");
        ds.setString(tag("PrivateInformationCreatorUID"), VR.UI, "1.2.3.4.99");
        ds.setString(Tag.of(0x0000, 0x1030), VR.AE, "MOVEAE01");
        Dataset nested = item(ds);
        nested.setString(tag("SendingApplicationEntityTitle"), VR.AE, "NESTEDAE");
        set(nested, "CodeValue", "1");
        seq(ds, "DerivationCodeSequence", nested);

        // The reader refuses a file meta element in the body of a file (INVALID_STRUCTURE), so this
        // data set is handed over in memory, as another caller of the engine could.
        DeidKit.Run run = DeidKit.runInMemory(DeidKit.deidentifier(DeidKit.profile().build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        String text = new String(run.output(), StandardCharsets.ISO_8859_1);
        for (String s : new String[] {"HOSPAE01", "pacs9", "MOVEAE01", "NESTEDAE"}) {
            assertFalse(text.contains(s), s + " left in the output");
        }
        try (DicomFile out = run.reread()) {
            assertNull(out.meta().get(tag("SourceApplicationEntityTitle")));
            assertNull(out.meta().get(tag("SourcePresentationAddress")));
            for (var e : out.dataset()) {
                assertFalse(Tag.group(e.tag()) < 0x0008, "group " + Tag.toString(e.tag()) + " in the data set");
            }
            java.util.Set<Integer> written = java.util.Set.of(Tag.FILE_META_INFORMATION_GROUP_LENGTH,
                    tag("FileMetaInformationVersion"), Tag.MEDIA_STORAGE_SOP_CLASS_UID, Tag.MEDIA_STORAGE_SOP_INSTANCE_UID,
                    Tag.TRANSFER_SYNTAX_UID, tag("ImplementationClassUID"), tag("ImplementationVersionName"));
            for (var e : out.meta()) {
                assertTrue(written.contains(e.tag()), "unexpected meta element " + Tag.toString(e.tag()));
            }
        }
    }

    /**
     * Dates the 2024b Table E.1-1 does not list (newer attributes such as Study Update DateTime)
     * stayed as they were under the Basic profile, while the instance said Longitudinal Temporal
     * Information Modified = REMOVED. Without a longitudinal option every date becomes a dummy;
     * with Modified Dates it is shifted; with Full Dates it is kept.
     */
    @Test
    void datesTheTableDoesNotListAreNotLeftAsTheyWere() throws Exception {
        Dataset ds = minimal();
        set(ds, "StudyUpdateDateTime", "20190321101112");
        Dataset nested = item(ds);
        set(nested, "ExpiryDate", "20190322");
        set(nested, "CodeValue", "1");
        seq(ds, "DerivationCodeSequence", nested);

        String basic = dates(DeidKit.profile().build(), ds);
        assertFalse(basic.contains("2019032"), basic);
        assertEquals("19000101000000|19000101", basic);
        assertEquals("20190321101112|20190322", dates(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).build(), ds));
        String shifted = dates(DeidKit.profile(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES).build(), ds);
        int days = new org.mip.deid.pseudo.Pseudonymizer(DeidKit.KEY, "2.25").dayShift("id\0\0MRN001",
                org.mip.deid.profile.DateShiftRange.DEFAULT);
        String d1 = java.time.LocalDate.of(2019, 3, 21).plusDays(days).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String d2 = java.time.LocalDate.of(2019, 3, 22).plusDays(days).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertEquals(d1 + "101112|" + d2, shifted);
    }

    private static String dates(org.mip.deid.profile.Profile profile, Dataset ds) throws Exception {
        DeidKit.Run run = DeidKit.run(DeidKit.deidentifier(profile), DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomFile out = run.reread()) {
            Dataset item = ((org.mip.dicom.data.SequenceElement) out.dataset().get(tag("DerivationCodeSequence"))).items().get(0);
            return out.dataset().getString(tag("StudyUpdateDateTime")) + "|" + item.getString(tag("ExpiryDate"));
        }
    }

    /**
     * Identifying attributes Table E.1-1 (2024b) does not list: the issuer of the accession number
     * (like Issuer of Patient ID, X), the requesting physician's identification, birth and death
     * dates in an alternative calendar, device IDs (a HIPAA identifier, like the serial number),
     * retrieve URLs (host names and the original UIDs), names of reviewers, an Encrypted Attributes Sequence
     * (the originals, for whoever holds its key), DICOMDIR file-set and file IDs. They were kept.
     */
    @Test
    void identifyingAttributesTheTableMissesAreRemoved() throws Exception {
        Dataset ds = minimal();
        set(ds, "AccessionNumber", "ACC77");
        Dataset issuer = item(ds);
        set(issuer, "LocalNamespaceEntityID", "GENERALHOSPITAL");
        seq(ds, "IssuerOfAccessionNumberSequence", issuer);
        Dataset requesting = item(ds);
        set(requesting, "InstitutionName", "REQINSTITUTE");
        seq(ds, "RequestingPhysicianIdentificationSequence", requesting);
        set(ds, "PatientBirthDateInAlternativeCalendar", "BIRTH-1391-11-14");
        set(ds, "PatientDeathDateInAlternativeCalendar", "DEATH-1441-02-01");
        set(ds, "DeviceID", "DEVICE-ID-4711");
        set(ds, "SecondaryCaptureDeviceID", "SCDEVICE-4712");
        set(ds, "RetrieveURL", "https://pacs.hospital.example/wado/1.2.3.4.2");
        set(ds, "SecondaryReviewerName", "REVIEWER^ANNE");
        set(ds, "EvaluatorName", "EVALUATOR^BOB");
        Dataset encrypted = item(ds);
        set(encrypted, "EncryptedContentTransferSyntaxUID", "1.2.840.10008.1.2.1");
        DeidKit.bytes(encrypted, tag("EncryptedContent"), VR.OB, "ENCRYPTED-ORIGINALS\0".getBytes(StandardCharsets.US_ASCII));
        seq(ds, "EncryptedAttributesSequence", encrypted);
        set(ds, "FileSetID", "FILESET-DOE");
        set(ds, "ReferencedFileID", "PATFOLDER\\DOE7");

        String basic = new String(DeidKit.run(DeidKit.deidentifier(DeidKit.profile().build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).output(), StandardCharsets.ISO_8859_1);
        for (String s : new String[] {"GENERALHOSPITAL", "REQINSTITUTE", "BIRTH-1391", "DEATH-1441", "DEVICE-ID", "SCDEVICE",
                "pacs.hospital", "REVIEWER", "EVALUATOR", "ENCRYPTED-ORIGINALS", "FILESET-DOE", "PATFOLDER"}) {
            assertFalse(basic.contains(s), s + " left by the Basic profile");
        }

        String retained = new String(DeidKit.run(DeidKit.deidentifier(DeidKit.profile(DeidOption.RETAIN_DEVICE_IDENTITY,
                DeidOption.RETAIN_INSTITUTION_IDENTITY, DeidOption.RETAIN_LONGITUDINAL_FULL_DATES).build()),
                DeidKit.file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).output(), StandardCharsets.ISO_8859_1);
        for (String s : new String[] {"GENERALHOSPITAL", "BIRTH-1391", "DEATH-1441", "DEVICE-ID", "SCDEVICE"}) {
            assertTrue(retained.contains(s), s + " kept by its Retain option");
        }
        assertFalse(retained.contains("REVIEWER"));
    }
}
