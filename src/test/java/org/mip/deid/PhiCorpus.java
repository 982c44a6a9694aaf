package org.mip.deid;

import static org.mip.deid.DeidKit.bytes;
import static org.mip.deid.DeidKit.item;
import static org.mip.deid.DeidKit.seq;
import static org.mip.deid.DeidKit.set;
import static org.mip.deid.DeidKit.setUs;
import static org.mip.deid.DeidKit.tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.text.SpecificCharacterSet;

/**
 * A synthetic instance with a unique PHI marker planted everywhere PS3.15 Table E.1-1 reaches and
 * where de-identifiers usually miss: nested three levels deep, private blocks with and without a
 * creator (group 0009, illegal 0001), private sequences, overlays, curves, SR content, graphics,
 * icon, file meta, preamble, UIDs embedding the MRN and birth date, public elements hidden in UN,
 * command elements misplaced in the body, names in UTF-8 or ISO 2022 IR 87 Japanese.
 *
 * <p>Markers are "Q" + 3 digits + "Z" + a label: they hold 0, 1, 8 or 9 (never in a base32
 * pseudonym) and never occur in the bytes by chance. {@link #markers()} maps each marker to where it
 * was planted; {@link #encodings} gives the byte forms to search for.
 */
final class PhiCorpus {
    /** The character set of the instance's text. */
    enum Charset {
        ASCII(null), UTF8("ISO_IR 192"), JIS("\\ISO 2022 IR 87");

        final String term;

        Charset(String term) {
            this.term = term;
        }
    }

    static final String MRN = "8675309123";
    static final String BIRTH_DATE = "19710203";
    static final String BIRTH_TIME = "231715.125";
    static final String AGE = "047Y";
    static final String WEIGHT = "72.5";
    static final String SIZE = "1.83";

    private final Map<String, String> markers = new LinkedHashMap<>();
    private final TransferSyntax ts;
    private final Charset charset;
    private final boolean big;
    private int next;
    private int uidCount;
    private byte[] pixels;

    PhiCorpus(TransferSyntax ts, Charset charset) {
        this.ts = ts;
        this.charset = charset;
        this.big = ts.bigEndian();
    }

    /** Marker text → where it was planted. */
    Map<String, String> markers() {
        return markers;
    }

    byte[] pixelData() {
        return pixels;
    }

    private String m(String label) {
        String s = String.format("Q%03dZ%s", next++, label);
        markers.put(s, label);
        return s;
    }

    private String plant(String text, String where) {
        markers.put(text, where);
        return text;
    }

    /** A UID that embeds the MRN and the birth date, as some sites build them. */
    private String uid() {
        return "1.2.840.999." + MRN + "." + BIRTH_DATE + "." + (++uidCount);
    }

    private void t(Dataset ds, String keyword, String label) {
        set(ds, keyword, m(label));
    }

    DicomFile build() {
        plant(MRN, "MRN");
        plant(BIRTH_DATE, "birth date");
        plant(BIRTH_TIME, "birth time");
        Dataset ds = new Dataset(big);

        // command elements misplaced in the body, illegal group 0001. (File meta elements in the body
        // are refused by the reader, INVALID_STRUCTURE, so such a file never reaches the de-identifier
        // from disk; BasicProfileGapsTest covers them in memory.)
        ds.setString(Tag.of(0x0000, 0x1030), VR.AE, m("MOVEAE"));
        ds.setString(Tag.of(0x0001, 0x0010), VR.LO, m("G1CREATOR"));
        ds.setString(Tag.of(0x0001, 0x1001), VR.LO, m("G1VALUE"));

        if (charset.term != null) {
            set(ds, "SpecificCharacterSet", charset.term);
        }
        // ---- SOP common, general image
        set(ds, "SOPClassUID", DeidKit.CT_IMAGE);
        set(ds, "SOPInstanceUID", uid());
        set(ds, "InstanceCreationDate", plant("20190307", "instance creation date"));
        set(ds, "InstanceCreationTime", "101010");
        set(ds, "InstanceCreatorUID", uid());
        set(ds, "ImageType", "ORIGINAL\\PRIMARY\\AXIAL");
        set(ds, "ContentDate", plant("20190308", "content date"));
        set(ds, "ContentTime", "101112");
        set(ds, "AcquisitionDate", plant("20190309", "acquisition date"));
        set(ds, "AcquisitionDateTime", plant("20190314101112.123456+0100", "acquisition datetime"));
        set(ds, "AcquisitionUID", uid());
        set(ds, "IrradiationEventUID", uid());
        set(ds, "ImageComments", m("IMGCOMMENT") + " reviewed " + plant("04.03.2019", "date in image comments"));
        set(ds, "DerivationDescription", m("DERIVDESC"));
        set(ds, "UID", uid());
        set(ds, "TextString", m("TEXTSTRING"));
        set(ds, "BurnedInAnnotation", "NO");

        // ---- patient
        patientName(ds);
        set(ds, "PatientID", MRN);
        t(ds, "IssuerOfPatientID", "ISSUER");
        set(ds, "PatientBirthDate", BIRTH_DATE);
        set(ds, "PatientBirthTime", BIRTH_TIME);
        set(ds, "PatientSex", "F");
        set(ds, "PatientAge", AGE);
        set(ds, "PatientSize", SIZE);
        set(ds, "PatientWeight", WEIGHT);
        t(ds, "OtherPatientIDs", "OTHERID");
        set(ds, "OtherPatientNames", m("OTHERNAME") + "^" + m("OTHERGIVEN"));
        set(ds, "PatientBirthName", m("BIRTHNAME"));
        if (charset != Charset.JIS) {
            set(ds, "PatientMotherBirthName", m("MOTHER"));
        }
        set(ds, "PatientAddress", m("ADDRESS") + " 42 Elm Street");
        t(ds, "PatientTelephoneNumbers", "TEL");
        t(ds, "MilitaryRank", "RANK");
        t(ds, "EthnicGroup", "ETHNIC");
        t(ds, "PatientReligiousPreference", "RELIGION");
        t(ds, "MedicalRecordLocator", "LOCATOR");
        t(ds, "ResponsiblePerson", "RESPONSIBLE");
        t(ds, "ResponsibleOrganization", "RESPORG");
        t(ds, "CountryOfResidence", "COUNTRY");
        t(ds, "RegionOfResidence", "REGION");
        set(ds, "AdditionalPatientHistory", m("HISTORY") + " since " + plant("2018-11-23", "date in history"));
        set(ds, "PatientComments", m("COMMENT") + " seen on " + plant("04/03/2019", "date in comments"));
        Dataset insurance = item(ds);
        code(insurance, "INS1", m("INSURANCE"));
        seq(ds, "PatientInsurancePlanCodeSequence", insurance);
        // Other Patient IDs Sequence, three levels deep
        Dataset other = item(ds);
        t(other, "PatientID", "OPID");
        t(other, "IssuerOfPatientID", "OPISSUER");
        set(other, "TypeOfPatientID", "TEXT");
        Dataset qualifiers = item(other);
        t(qualifiers, "UniversalEntityID", "UEID");
        set(qualifiers, "UniversalEntityIDType", "ISO");
        Dataset facility = item(qualifiers);
        t(facility, "LocalNamespaceEntityID", "FACILITY");
        seq(qualifiers, "AssigningFacilitySequence", facility);
        seq(other, "IssuerOfPatientIDQualifiersSequence", qualifiers);
        seq(ds, "OtherPatientIDsSequence", other);

        // ---- study
        set(ds, "StudyInstanceUID", uid());
        set(ds, "StudyDate", plant("20190304", "study date"));
        set(ds, "StudyTime", "101112");
        set(ds, "StudyUpdateDateTime", plant("20190321101112", "study update datetime (not in Table E.1-1)"));
        set(ds, "RetrieveURL", "https://" + m("RETRIEVEHOST") + ".example/wado");
        t(ds, "AccessionNumber", "ACC");
        Dataset accIssuer = item(ds);
        t(accIssuer, "LocalNamespaceEntityID", "ACCISSUER");
        seq(ds, "IssuerOfAccessionNumberSequence", accIssuer);
        t(ds, "StudyID", "STUDYID");
        set(ds, "ReferringPhysicianName", m("REFDOC") + "^" + m("REFGIVEN"));
        t(ds, "ReferringPhysicianAddress", "REFADDR");
        t(ds, "ReferringPhysicianTelephoneNumbers", "REFTEL");
        Dataset refId = item(ds);
        Dataset personCode = item(refId);
        code(personCode, m("PERSONCODE"), m("PERSONMEANING"));
        seq(refId, "PersonIdentificationCodeSequence", personCode);
        t(refId, "InstitutionName", "REFINST");
        seq(ds, "ReferringPhysicianIdentificationSequence", refId);
        set(ds, "StudyDescription", m("STUDYDESC") + " " + plant("2019-03-04", "date in study description"));
        set(ds, "PhysiciansOfRecord", m("PHYSREC"));
        set(ds, "NameOfPhysiciansReadingStudy", m("READER"));
        t(ds, "AdmittingDiagnosesDescription", "DIAGNOSIS");
        Dataset refStudy = item(ds);
        set(refStudy, "ReferencedSOPClassUID", "1.2.840.10008.3.1.2.3.1");
        set(refStudy, "ReferencedSOPInstanceUID", uid());
        seq(ds, "ReferencedStudySequence", refStudy);
        Dataset refPatient = item(ds);
        set(refPatient, "ReferencedSOPClassUID", "1.2.840.10008.3.1.2.1.1");
        set(refPatient, "ReferencedSOPInstanceUID", uid());
        seq(ds, "ReferencedPatientSequence", refPatient);
        // Request Attributes → Referenced Study / Scheduled Protocol → Protocol Context (three levels)
        Dataset request = item(ds);
        t(request, "RequestedProcedureID", "REQPROC");
        t(request, "ScheduledProcedureStepID", "SPSID");
        t(request, "AccessionNumber", "REQACC");
        t(request, "RequestedProcedureDescription", "REQDESC");
        Dataset reqStudy = item(request);
        set(reqStudy, "ReferencedSOPClassUID", "1.2.840.10008.3.1.2.3.1");
        set(reqStudy, "ReferencedSOPInstanceUID", uid());
        seq(request, "ReferencedStudySequence", reqStudy);
        Dataset protocol = item(request);
        code(protocol, "P1", m("PROTOCODE"));
        Dataset context = item(protocol);
        set(context, "ValueType", "PNAME");
        Dataset concept = item(context);
        code(concept, "121008", "Person Observer Name");
        seq(context, "ConceptNameCodeSequence", concept);
        set(context, "PersonName", m("CONTEXTPN") + "^" + m("CONTEXTGIVEN"));
        set(context, "DateTime", plant("20190315080910", "datetime 3 levels deep"));
        t(context, "TextValue", "CONTEXTTEXT");
        seq(protocol, "ProtocolContextSequence", context);
        seq(request, "ScheduledProtocolCodeSequence", protocol);
        seq(ds, "RequestAttributesSequence", request);

        // ---- series
        set(ds, "Modality", "CT");
        set(ds, "SeriesInstanceUID", uid());
        set(ds, "SeriesNumber", "1");
        set(ds, "InstanceNumber", "1");
        set(ds, "SeriesDate", plant("20190305", "series date"));
        set(ds, "SeriesTime", "111213");
        t(ds, "SeriesDescription", "SERIESDESC");
        set(ds, "OperatorsName", m("OPERATOR1") + "\\" + m("OPERATOR2"));
        set(ds, "PerformingPhysicianName", m("PERFORMER"));
        t(ds, "ProtocolName", "PROTOCOL");
        t(ds, "PerformedProcedureStepID", "PPSID");
        t(ds, "PerformedProcedureStepDescription", "PPSDESC");
        set(ds, "PerformedProcedureStepStartDate", plant("20190306", "pps start date"));
        Dataset pps = item(ds);
        set(pps, "ReferencedSOPClassUID", "1.2.840.10008.3.1.2.3.3");
        set(pps, "ReferencedSOPInstanceUID", uid());
        seq(ds, "ReferencedPerformedProcedureStepSequence", pps);
        Dataset operatorId = item(ds);
        t(operatorId, "InstitutionName", "OPINST");
        t(operatorId, "PersonTelephoneNumbers", "OPTEL");
        seq(ds, "OperatorIdentificationSequence", operatorId);

        // ---- equipment, frame of reference
        set(ds, "Manufacturer", "ACME");
        t(ds, "InstitutionName", "INSTITUTION");
        t(ds, "InstitutionAddress", "INSTADDR");
        t(ds, "InstitutionalDepartmentName", "DEPARTMENT");
        Dataset instCode = item(ds);
        code(instCode, m("INSTCODE"), m("INSTMEANING"));
        seq(ds, "InstitutionCodeSequence", instCode);
        t(ds, "StationName", "STATION");
        t(ds, "DeviceSerialNumber", "SERIAL");
        t(ds, "DeviceID", "DEVICEID");
        set(ds, "DeviceUID", uid());
        set(ds, "FrameOfReferenceUID", uid());
        set(ds, "PositionReferenceIndicator", "");

        // ---- references that stay (U*) and unlisted sequences that are walked
        Dataset source = item(ds);
        set(source, "ReferencedSOPClassUID", DeidKit.CT_IMAGE);
        set(source, "ReferencedSOPInstanceUID", uid());
        set(source, "ReferringPhysicianName", m("NESTEDREF"));
        set(source, "InstanceCreationDate", plant("20190316", "date in source image item"));
        seq(ds, "SourceImageSequence", source);
        Dataset derivation = item(ds);
        code(derivation, "113076", "Segmentation");
        set(derivation, "PatientName", m("DERIVPN"));
        seq(ds, "DerivationCodeSequence", derivation);

        // ---- a public sequence hidden in UN (undefined length, implicit VR LE items) holding PHI
        Dataset hidden = new Dataset(false);
        code(hidden, "T-D0050", "Thorax");
        hidden.setString(tag("PatientName"), VR.PN, m("UNSEQPN"));
        hidden.setString(tag("StudyDate"), VR.DA, plant("20190317", "date in UN sequence"));
        // (defined length in big endian: the codec writes the delimiter of an undefined-length UN
        // sequence big endian but reads it little endian, see the report)
        seq(ds, tag("ProcedureCodeSequence"), ts.explicitVr() ? VR.UN : VR.SQ, !big, hidden);
        // ---- public text written with VR UN (explicit syntaxes only)
        if (ts.explicitVr()) {
            bytes(ds, tag("Occupation"), VR.UN, pad(m("UNOCCUP")));
        } else {
            t(ds, "Occupation", "OCCUP");
        }

        // ---- image pixel, icon
        setUs(ds, "SamplesPerPixel", 1);
        set(ds, "PhotometricInterpretation", "MONOCHROME2");
        setUs(ds, "Rows", 128);
        setUs(ds, "Columns", 128);
        setUs(ds, "BitsAllocated", 16);
        setUs(ds, "BitsStored", 12);
        setUs(ds, "HighBit", 11);
        setUs(ds, "PixelRepresentation", 0);
        pixels = new byte[128 * 128 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (0x80 | ((i * 37) & 0x7F)); // never ASCII: no marker can appear by chance
        }
        bytes(ds, Tag.PIXEL_DATA, VR.OW, pixels);
        Dataset icon = item(ds);
        setUs(icon, "SamplesPerPixel", 1);
        set(icon, "PhotometricInterpretation", "MONOCHROME2");
        setUs(icon, "Rows", 8);
        setUs(icon, "Columns", 8);
        setUs(icon, "BitsAllocated", 8);
        setUs(icon, "BitsStored", 8);
        setUs(icon, "HighBit", 7);
        setUs(icon, "PixelRepresentation", 0);
        bytes(icon, Tag.PIXEL_DATA, VR.OB, blob(64, m("ICONPIXELS")));
        seq(ds, "IconImageSequence", icon);

        // ---- overlays: group 6000 with data, group 6002 without (orphan attributes)
        int o = tag("OverlayRows") & 0xFFFF0000;
        ds.setInts(o | 0x0010, VR.US, 128);
        ds.setInts(o | 0x0011, VR.US, 128);
        ds.setString(o | 0x0040, VR.CS, "G");
        ds.setInts(o | 0x0050, VR.SS, 1, 1);
        ds.setInts(o | 0x0100, VR.US, 1);
        ds.setInts(o | 0x0102, VR.US, 0);
        ds.setString(o | 0x0022, VR.LO, m("OVLDESC"));
        ds.setString(o | 0x1500, VR.LO, m("OVLLABEL"));
        ds.setString(o | 0x4000, VR.LT, m("OVLCOMMENT"));
        bytes(ds, o | 0x3000, VR.OW, blob(128 * 128 / 8, m("OVLDATA")));
        int o2 = o + 0x00020000;
        ds.setString(o2 | 0x0022, VR.LO, m("OVL2DESC"));
        ds.setString(o2 | 0x1500, VR.LO, m("OVL2LABEL"));

        // ---- curves (retired group 50xx)
        int c = tag("CurveDimensions") & 0xFFFF0000;
        ds.setInts(c | 0x0005, VR.US, 1);
        ds.setInts(c | 0x0010, VR.US, 16);
        ds.setString(c | 0x0020, VR.CS, "TAC");
        ds.setString(c | 0x0022, VR.LO, m("CURVEDESC"));
        ds.setString(c | 0x2500, VR.LO, m("CURVELABEL"));
        bytes(ds, c | 0x3000, VR.OB, blob(64, m("CURVEDATA")));

        // ---- SR content, verifying observer, graphics, acquisition context
        Dataset text = item(ds);
        set(text, "RelationshipType", "CONTAINS");
        set(text, "ValueType", "TEXT");
        Dataset comment = item(text);
        code(comment, "121106", "Comment");
        seq(text, "ConceptNameCodeSequence", comment);
        set(text, "TextValue", m("SRTEXT") + " seen on " + plant("2019-03-18", "date in SR text"));
        Dataset nested = item(text);
        set(nested, "RelationshipType", "HAS OBS CONTEXT");
        set(nested, "ValueType", "PNAME");
        set(nested, "PersonName", m("SRPN"));
        set(nested, "Date", plant("20190319", "SR date"));
        set(nested, "UID", uid());
        seq(text, "ContentSequence", nested);
        Dataset pname = item(ds);
        set(pname, "RelationshipType", "HAS OBS CONTEXT");
        set(pname, "ValueType", "PNAME");
        set(pname, "PersonName", m("SRPN2"));
        seq(ds, "ContentSequence", text, pname);
        Dataset verifier = item(ds);
        set(verifier, "VerifyingObserverName", m("VERIFIER"));
        t(verifier, "VerifyingOrganization", "VERIFORG");
        set(verifier, "VerificationDateTime", plant("20190312120000", "verification datetime"));
        seq(ds, "VerifyingObserverSequence", verifier);
        Dataset annotation = item(ds);
        set(annotation, "GraphicLayer", "LAYER1");
        Dataset textObject = item(annotation);
        t(textObject, "UnformattedTextValue", "GRAPHICTEXT");
        set(textObject, "BoundingBoxAnnotationUnits", "PIXEL");
        seq(annotation, "TextObjectSequence", textObject);
        seq(ds, "GraphicAnnotationSequence", annotation);
        Dataset acqContext = item(ds);
        set(acqContext, "ValueType", "TEXT");
        t(acqContext, "TextValue", "ACQCONTEXT");
        seq(ds, "AcquisitionContextSequence", acqContext);

        // ---- private blocks
        privateBlocks(ds);

        Dataset meta = DeidKit.meta(ds, ts);
        meta.setString(tag("SourceApplicationEntityTitle"), VR.AE, m("SOURCEAE"));
        meta.setString(tag("SendingApplicationEntityTitle"), VR.AE, m("SENDINGAE"));
        meta.setString(tag("ReceivingApplicationEntityTitle"), VR.AE, m("RECEIVINGAE"));
        meta.setString(tag("SourcePresentationAddress"), VR.UR, "dicom://" + m("SOURCEADDR") + ":11112");
        meta.setString(tag("PrivateInformationCreatorUID"), VR.UI, uid());
        bytes(meta, tag("PrivateInformation"), VR.OB, blob(64, m("PRIVINFO")));
        byte[] preamble = blob(128, m("PREAMBLE"));
        return new DicomFile(preamble, meta, ds, ts, false, -1, List.of());
    }

    private void patientName(Dataset ds) {
        switch (charset) {
            case ASCII:
                set(ds, "PatientName", m("FAMILY") + "^" + m("GIVEN") + "^" + m("MIDDLE"));
                break;
            case UTF8: {
                String familyToken = plant(String.format("Q%03dZ", next++), "ASCII part of the UTF-8 family name");
                String givenToken = plant(String.format("Q%03dZ", next++), "ASCII part of the UTF-8 given name");
                String family = plant(familyToken + "MÜLLER-Ærø", "UTF-8 family name");
                String given = plant("Ĳsbrand-" + givenToken, "UTF-8 given name");
                set(ds, "PatientName", family + "^" + given);
                break;
            }
            case JIS: {
                String alpha = m("YAMADA") + "^" + m("TARO");
                String family = plant("山田", "JIS family name");
                String given = plant("太郎", "JIS given name");
                String kanaFamily = plant("やまだ", "JIS phonetic family");
                String kanaGiven = plant("たろう", "JIS phonetic given");
                set(ds, "PatientName", alpha + "=" + family + "^" + given + "=" + kanaFamily + "^" + kanaGiven);
                set(ds, "PatientMotherBirthName", m("MOTHER") + "=" + plant("鈴木", "JIS mother") + "^" + plant("花子", "JIS mother given"));
                break;
            }
            default:
                throw new IllegalStateException();
        }
    }

    private void privateBlocks(Dataset ds) {
        // group 0009: a creator and its block, including a private sequence with public and private PHI
        ds.setString(Tag.of(0x0009, 0x0010), VR.LO, "ACME PHI 1.0");
        ds.setString(Tag.of(0x0009, 0x1001), VR.LO, m("PRIVLO"));
        ds.setString(Tag.of(0x0009, 0x1002), VR.PN, m("PRIVPN"));
        ds.setString(Tag.of(0x0009, 0x1003), VR.DA, plant("20190320", "private date"));
        ds.setString(Tag.of(0x0009, 0x1005), VR.UI, uid());
        bytes(ds, Tag.of(0x0009, 0x1004), VR.OB, blob(32, m("PRIVOB")));
        Dataset privItem = item(ds);
        privItem.setString(tag("PatientName"), VR.PN, m("PRIVSEQPN"));
        privItem.setString(Tag.of(0x0009, 0x0010), VR.LO, "ACME NESTED");
        privItem.setString(Tag.of(0x0009, 0x1001), VR.LO, m("PRIVSEQLO"));
        Dataset deeper = item(privItem);
        deeper.setString(Tag.of(0x0029, 0x0010), VR.LO, "ACME DEEP");
        deeper.setString(Tag.of(0x0029, 0x1001), VR.LO, m("PRIVDEEP"));
        seq(privItem, Tag.of(0x0009, 0x1020), VR.SQ, true, deeper);
        seq(ds, Tag.of(0x0009, 0x1010), VR.SQ, false, privItem);
        // a creator whose own string is PHI
        ds.setString(Tag.of(0x0009, 0x0011), VR.LO, m("CREATORPHI"));
        ds.setString(Tag.of(0x0009, 0x1101), VR.LO, m("PRIV2LO"));
        // private elements without any creator, and below the creator range
        ds.setString(Tag.of(0x0011, 0x1001), VR.LO, m("NOCREATOR"));
        ds.setString(Tag.of(0x0019, 0x0005), VR.LO, m("LOWPRIV"));
        // a private sequence without creator
        Dataset orphanItem = item(ds);
        orphanItem.setString(tag("PatientID"), VR.LO, m("ORPHANSEQID"));
        seq(ds, Tag.of(0x0013, 0x1010), VR.SQ, true, orphanItem);
    }

    private static void code(Dataset ds, String value, String meaning) {
        set(ds, "CodeValue", value);
        set(ds, "CodingSchemeDesignator", "99TEST");
        set(ds, "CodeMeaning", meaning);
    }

    private static byte[] pad(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = ' ';
        return p;
    }

    /** {@code size} bytes holding {@code text} at offset 8, the rest 0x80.. (never ASCII). */
    private static byte[] blob(int size, String text) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (0x80 | (i & 0x7F));
        }
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 8, t.length);
        return b;
    }

    /** The byte forms of {@code marker} to search for: in the character set of the instance, and UTF-8. */
    List<byte[]> encodings(String marker) {
        List<byte[]> out = new ArrayList<>();
        out.add(marker.getBytes(StandardCharsets.UTF_8));
        SpecificCharacterSet cs = charset.term == null ? SpecificCharacterSet.DEFAULT : SpecificCharacterSet.of(charset.term);
        if (cs.canEncode(marker)) {
            out.add(cs.encode(marker, VR.PN));
        }
        return out;
    }
}
