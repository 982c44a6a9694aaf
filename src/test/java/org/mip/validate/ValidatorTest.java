package org.mip.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.testing.SyntheticDicom.image;
import static org.mip.testing.SyntheticDicom.tag;
import static org.mip.testing.SyntheticDicom.write;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.value.Uids;
import org.mip.testing.SyntheticDicom;

/** One synthetic file per finding code, each breaking one rule of an otherwise valid image. */
class ValidatorTest {

    @TempDir
    Path dir;

    private final Validator validator = new Validator(ValidationPolicy.PERMISSIVE);

    private ValidationResult validate(Dataset ds) throws DicomException {
        return validator.validate(write(ds, dir, "test.dcm"));
    }

    /** The only finding of {@code result}, which must have {@code code} and concern {@code tag}. */
    private static Finding only(ValidationResult result, FindingCode code, Integer tag) {
        assertFalse(result.valid(), "expected " + code);
        assertEquals(1, result.findings().size(), result.summary());
        Finding f = result.findings().get(0);
        assertEquals(code, f.code(), result.summary());
        assertEquals(tag, f.tag(), result.summary());
        assertNoPhi(f);
        return f;
    }

    /** The synthetic image's identifying values never appear in a message. */
    private static void assertNoPhi(Finding f) {
        for (String phi : List.of("Doe", "Jane", "PID-1", "20240131")) {
            assertFalse(f.message().contains(phi), "PHI in: " + f);
        }
    }

    @Test
    void theSyntheticImageIsValid() throws Exception {
        ValidationResult r = validate(image());
        assertTrue(r.valid(), r.summary());
        assertTrue(r.findings().isEmpty());
    }

    @Test
    void unreadable() throws Exception {
        Path garbage = dir.resolve("garbage.dcm");
        Files.write(garbage, "this is not a DICOM file at all".getBytes(StandardCharsets.US_ASCII));
        Finding f = only(validator.validate(garbage), FindingCode.UNREADABLE, null);
        assertEquals(DicomException.Reason.NOT_DICOM, f.reason());
        assertTrue(f.toString().startsWith("NOT_DICOM: "), f.toString());

        Finding missing = only(validator.validate(dir.resolve("absent.dcm")), FindingCode.UNREADABLE, null);
        assertEquals(DicomException.Reason.IO_ERROR, missing.reason());
    }

    @Test
    void truncated() throws Exception {
        Path file = write(image(), dir, "full.dcm");
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 6));
        Finding f = only(validator.validate(cut), FindingCode.TRUNCATED, null);
        assertEquals(DicomException.Reason.TRUNCATED, f.reason());
        assertTrue(f.toString().startsWith("TRUNCATED: "), "the reason is not repeated: " + f);
    }

    @Test
    void missingTransferSyntax() throws Exception {
        Dataset ds = image();
        DicomFile noUid = new DicomFile(new byte[128], SyntheticDicom.meta(ds, null), ds,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
        Finding f = only(validator.validate(write(noUid, dir, "no-ts.dcm")), FindingCode.MISSING_TRANSFER_SYNTAX, Tag.TRANSFER_SYNTAX_UID);
        assertTrue(f.message().startsWith("(0002,0010) TransferSyntaxUID: is missing"), f.message());

        // A bare data set (no meta group at all) is accepted: its encoding is recognised, not declared.
        DicomFile bare = new DicomFile(null, null, image(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
        assertTrue(validator.validate(write(bare, dir, "bare.dcm")).valid());
    }

    @Test
    void unknownTransferSyntax() throws Exception {
        DicomFile file = SyntheticDicom.file(image(), TransferSyntax.of("1.2.826.0.1.3680043.8.498.999"));
        Finding f = only(validator.validate(write(file, dir, "unknown-ts.dcm")), FindingCode.UNKNOWN_TRANSFER_SYNTAX, Tag.TRANSFER_SYNTAX_UID);
        // not the standard's UID: described, not shown (aUidOutsideTheStandardsRootIsDescribedNotShown)
        assertTrue(f.message().contains(": a UID of 29 characters outside the standard's root (1.2.840.10008.) is not a transfer"
                + " syntax this pipeline knows"), f.message());
    }

    @Test
    void missingAttributes() throws Exception {
        for (String keyword : List.of("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "Modality")) {
            Dataset ds = image();
            ds.remove(tag(keyword));
            Finding f = only(validate(ds), FindingCode.MISSING_ATTRIBUTE, tag(keyword));
            assertTrue(f.message().startsWith(Tag.toString(tag(keyword)) + " " + keyword + ": required, but absent"), f.message());
        }
        Dataset empty = image();
        empty.setString(tag("Modality"), VR.CS, "");
        assertTrue(only(validate(empty), FindingCode.MISSING_ATTRIBUTE, tag("Modality")).message().endsWith("empty"));

        Dataset noRows = image();
        noRows.remove(tag("Rows"));
        Finding f = only(validate(noRows), FindingCode.MISSING_ATTRIBUTE, tag("Rows"));
        assertTrue(f.message().contains("required with (7FE0,0010) PixelData"), f.message());
    }

    @Test
    void invalidUids() throws Exception {
        String[][] cases = {
                {"1.2.3.", "component 4 is empty"},
                {"1..2", "component 2 is empty"},
                {"1.2.03", "component 3 has a leading zero"},
                {"1.2.3a", "character 6 is not a digit or a dot"},
                {"1." + "2".repeat(63), "is 65 characters long, more than 64"},
        };
        for (String[] c : cases) {
            Dataset ds = image();
            ds.setString(tag("SeriesInstanceUID"), VR.UI, c[0]);
            Finding f = only(validate(ds), FindingCode.INVALID_UID, tag("SeriesInstanceUID"));
            assertTrue(f.message().contains(c[1]), f.message());
            assertFalse(f.message().contains(c[0]), "the UID itself is not repeated: " + f.message());
        }
        assertNull(Uids.problem("0.0.1"));
        assertNull(Uids.problem("2.25.329800735698586629295641978511506172918"));
    }

    @Test
    void invalidUidInANestedItemSaysWhere() throws Exception {
        Dataset ref = new Dataset();
        ref.setString(tag("ReferencedSOPClassUID"), VR.UI, SyntheticDicom.MR_IMAGE_STORAGE);
        ref.setString(tag("ReferencedSOPInstanceUID"), VR.UI, "1.2.840.0123");
        Dataset ds = image();
        ds.put(SyntheticDicom.sequence(tag("ReferencedImageSequence"), new Dataset(), ref));
        Finding f = only(validate(ds), FindingCode.INVALID_UID, tag("ReferencedSOPInstanceUID"));
        assertEquals("(0008,1155) ReferencedSOPInstanceUID: in item 2 of (0008,1140) ReferencedImageSequence: "
                + "UID component 4 has a leading zero (character 9)", f.message());
    }

    @Test
    void invalidValueTwoLevelsDownSaysEveryLevel() throws Exception {
        Dataset code = new Dataset();
        code.setString(tag("CodeValue"), VR.SH, "P1");
        Dataset bad = new Dataset();
        bad.setString(tag("ReferencedSOPInstanceUID"), VR.UI, "1.2.3\\\\1.2.4");
        Dataset request = new Dataset();
        request.put(SyntheticDicom.sequence(tag("ScheduledProtocolCodeSequence"), code, bad));
        Dataset ds = image();
        ds.put(SyntheticDicom.sequence(tag("RequestAttributesSequence"), new Dataset(), request));
        Finding f = only(validate(ds), FindingCode.INVALID_UID, tag("ReferencedSOPInstanceUID"));
        assertEquals("(0008,1155) ReferencedSOPInstanceUID: in item 2 of (0040,0008) ScheduledProtocolCodeSequence "
                + "in item 2 of (0040,0275) RequestAttributesSequence: UID 2 of 3 is empty", f.message());
    }

    @Test
    void paddingAroundEachValueIsIgnored() throws Exception {
        Dataset ds = image();
        ds.put(new ValueElement(tag("SliceThickness"), VR.DS, " 1.5\\2.0 \0".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(validate(ds).valid(), validate(ds).summary());
        ds.put(new ValueElement(tag("SliceThickness"), VR.DS, " 1. 5".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(validate(ds).valid());
    }

    @Test
    void pixelDataLength() throws Exception {
        Dataset ds = image();
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, new byte[14]));
        Finding f = only(validate(ds), FindingCode.PIXEL_DATA_LENGTH, Tag.PIXEL_DATA);
        assertEquals("(7FE0,0010) PixelData: is 14 bytes, but Rows 2 x Columns 4 x frames 1 x samples 1 x 2 bytes "
                + "(Bits Allocated 16) = 16", f.message());

        Dataset frames = image();
        SyntheticDicom.pixels(frames, 2, 4, 3, 3, 8, 2 * 4 * 3 * 3);
        assertTrue(validate(frames).valid(), "3 frames of RGB, 8 bits");
        frames.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, new byte[2 * 4 * 3 * 3 - 24]));
        only(validate(frames), FindingCode.PIXEL_DATA_LENGTH, Tag.PIXEL_DATA);
    }

    @Test
    void pixelDataOddLengthMayHaveItsPadByte() throws Exception {
        Dataset ds = image();
        SyntheticDicom.pixels(ds, 3, 3, 1, 1, 8, 9); // written with its pad byte: 10 bytes
        ValidationResult r = validate(ds);
        assertTrue(r.valid(), r.summary());
    }

    @Test
    void pixelDataOfOneBitIsCountedInBits() throws Exception {
        Dataset ds = image();
        SyntheticDicom.pixels(ds, 5, 5, 2, 1, 1, 8); // 50 bits: 7 bytes, padded to 8
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, new byte[7]));
        assertTrue(validate(ds).valid(), validate(ds).summary());
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OB, new byte[50]));
        Finding f = only(validate(ds), FindingCode.PIXEL_DATA_LENGTH, Tag.PIXEL_DATA);
        assertTrue(f.message().contains("at 1 bit (rounded up to whole bytes) = 7 (or 8 with its pad byte)"), f.message());
    }

    @Test
    void ybrFull422HasTwoValuesPerPixel() throws Exception {
        Dataset ds = image();
        SyntheticDicom.pixels(ds, 2, 4, 1, 3, 8, 2 * 4 * 2);
        ds.setString(tag("PhotometricInterpretation"), VR.CS, "YBR_FULL_422");
        assertTrue(validate(ds).valid(), validate(ds).summary());
    }

    @Test
    void encapsulatedPixelDataIsNotMeasured() throws Exception {
        Dataset ds = image();
        ds.put(SyntheticDicom.fragments(new byte[0], new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}));
        DicomFile jpeg = SyntheticDicom.file(ds, TransferSyntax.of("1.2.840.10008.1.2.4.50"));
        ValidationResult r = validator.validate(write(jpeg, dir, "jpeg.dcm"));
        assertTrue(r.valid(), r.summary());
    }

    @Test
    void modalityNotAllowed() throws Exception {
        Path file = write(image(), dir, "mr.dcm");
        Validator ctOnly = new Validator(ValidationPolicy.PERMISSIVE.withAllowedModalities(Set.of("CT", "PT")));
        Finding f = only(ctOnly.validate(file), FindingCode.MODALITY_NOT_ALLOWED, tag("Modality"));
        assertEquals("(0008,0060) Modality: MR is not in the allowed modalities CT, PT", f.message());
        assertTrue(new Validator(ValidationPolicy.PERMISSIVE.withAllowedModalities(Set.of("MR"))).validate(file).valid());
    }

    @Test
    void aModalityThatIsNotADefinedTermIsDescribedNotShown() throws Exception {
        // D8: a value typed in the wrong field may be a name; only the standard's own terms are echoed
        Validator ctOnly = new Validator(ValidationPolicy.PERMISSIVE.withAllowedModalities(Set.of("CT")));
        Dataset ds = image();
        ds.setString(tag("Modality"), VR.CS, "PHIMARKE02SMITH");
        Finding f = only(ctOnly.validate(write(ds, dir, "phi.dcm")), FindingCode.MODALITY_NOT_ALLOWED, tag("Modality"));
        assertEquals("(0008,0060) Modality: a value of 15 characters that is not a defined term is not in the allowed"
                + " modalities CT", f.message());
        ds.setString(tag("Modality"), VR.CS, "XC"); // a defined term, seldom seen: shown
        f = only(ctOnly.validate(write(ds, dir, "xc.dcm")), FindingCode.MODALITY_NOT_ALLOWED, tag("Modality"));
        assertEquals("(0008,0060) Modality: XC is not in the allowed modalities CT", f.message());
    }

    @Test
    void aTransferSyntaxThatIsNotAUidIsDescribedNotShown() throws Exception {
        DicomFile file = SyntheticDicom.file(image(), TransferSyntax.of("PHIMARKE03SMITH"));
        Finding f = validator.validate(file).findings().stream().filter(x -> x.code() == FindingCode.UNKNOWN_TRANSFER_SYNTAX)
                .findFirst().orElseThrow();
        assertTrue(f.message().startsWith("(0002,0010) TransferSyntaxUID: a value of 15 characters that is not a UID is not a"
                + " transfer syntax this pipeline knows"), f.message());
    }

    @Test
    void aUidOutsideTheStandardsRootIsDescribedNotShown() throws Exception {
        // digits can be PHI too: a transfer syntax or SOP class UID made up by hand may hold a phone number
        DicomFile file = SyntheticDicom.file(image(), TransferSyntax.of("1.2.3.555123999"));
        Finding f = validator.validate(file).findings().stream().filter(x -> x.code() == FindingCode.UNKNOWN_TRANSFER_SYNTAX)
                .findFirst().orElseThrow();
        assertTrue(f.message().startsWith("(0002,0010) TransferSyntaxUID: a UID of 15 characters outside the standard's root"
                + " (1.2.840.10008.) is not a transfer syntax this pipeline knows"), f.message());
        file = SyntheticDicom.file(image(), TransferSyntax.of("1.2.840.10008.1.2.99.9"));
        f = validator.validate(file).findings().stream().filter(x -> x.code() == FindingCode.UNKNOWN_TRANSFER_SYNTAX)
                .findFirst().orElseThrow();
        assertTrue(f.message().startsWith("(0002,0010) TransferSyntaxUID: 1.2.840.10008.1.2.99.9 is not"), f.message());
    }

    @Test
    void sopClassNotAllowed() throws Exception {
        Path file = write(image(), dir, "mr.dcm");
        Validator ctOnly = new Validator(ValidationPolicy.PERMISSIVE.withAllowedSopClasses(Set.of(SyntheticDicom.CT_IMAGE_STORAGE)));
        Finding f = only(ctOnly.validate(file), FindingCode.SOP_CLASS_NOT_ALLOWED, Tag.SOP_CLASS_UID);
        assertTrue(f.message().startsWith("(0008,0016) SOPClassUID: " + SyntheticDicom.MR_IMAGE_STORAGE + " is not one of"), f.message());
        assertTrue(new Validator(ValidationPolicy.PERMISSIVE.withAllowedSopClasses(Set.of(SyntheticDicom.MR_IMAGE_STORAGE)))
                .validate(file).valid());
    }

    @Test
    void tooLargeFromPathStreamAndFile() throws Exception {
        Path file = write(image(), dir, "mr.dcm");
        long size = Files.size(file);
        Validator small = new Validator(ValidationPolicy.PERMISSIVE.withMaxFileSize(size - 1));
        Finding f = only(small.validate(file), FindingCode.TOO_LARGE, null);
        assertEquals("file is " + size + " bytes, more than the limit of " + (size - 1), f.message());
        try (InputStream in = Files.newInputStream(file)) {
            only(small.validate(in), FindingCode.TOO_LARGE, null);
        }
        assertTrue(new Validator(ValidationPolicy.PERMISSIVE.withMaxFileSize(size)).validate(file).valid());
        try (DicomFile read = org.mip.dicom.io.DicomReader.read(file)) {
            only(small.validate(read), FindingCode.TOO_LARGE, null);
        }
    }

    @Test
    void invalidValues() throws Exception {
        Object[][] cases = {
                {"InstanceNumber", VR.IS, "1A", "value is not an integer string (IS): character 2 of 2 is not allowed"},
                {"InstanceNumber", VR.IS, "99999999999", "value is an integer string (IS) out of the range"},
                {"SliceThickness", VR.DS, "1,5", "value is not a decimal string (DS): character 2 of 3 is not allowed"},
                {"SliceThickness", VR.DS, "1.5\\-", "value 2 of 2 is not a decimal string (DS)"},
                {"StudyDate", VR.DA, "20240230", "value is not a calendar date (DA, YYYYMMDD)"},
                {"StudyDate", VR.DA, "2024.01.31", "value is not a date (DA, YYYYMMDD): 10 characters instead of 8"},
        };
        for (Object[] c : cases) {
            Dataset ds = image();
            ds.setString(tag((String) c[0]), (VR) c[1], (String) c[2]);
            Finding f = only(validate(ds), FindingCode.INVALID_VALUE, tag((String) c[0]));
            assertTrue(f.message().contains((String) c[3]), f.message());
            assertFalse(f.message().contains((String) c[2]), "the value itself is not repeated: " + f.message());
        }
    }

    @Test
    void invalidBinaryLengthAndPixelDescription() throws Exception {
        Dataset ds = image();
        ds.put(new ValueElement(tag("ReferencedFrameNumber"), VR.IS, new byte[0]));
        ds.put(new ValueElement(tag("SimpleFrameList"), VR.UL, new byte[6]));
        Finding f = only(validate(ds), FindingCode.INVALID_VALUE, tag("SimpleFrameList"));
        assertTrue(f.message().contains("length 6 is not a multiple of 4, the size of one UL value"), f.message());

        Dataset bits = image();
        bits.setInts(Tag.BITS_ALLOCATED, VR.US, 12);
        assertTrue(only(validate(bits), FindingCode.INVALID_VALUE, Tag.BITS_ALLOCATED).message().contains("must be 1 or a multiple of 8"));

        Dataset frames = image();
        frames.setString(tag("NumberOfFrames"), VR.IS, "0");
        only(validate(frames), FindingCode.INVALID_VALUE, tag("NumberOfFrames"));
    }

    @Test
    void publicValuesWrittenAsUnAreCheckedWithTheirDictionaryVr() throws Exception {
        Dataset ds = image();
        ds.put(new ValueElement(tag("InstanceNumber"), VR.UN, "1A".getBytes(StandardCharsets.US_ASCII)));
        Finding f = only(validate(ds), FindingCode.INVALID_VALUE, tag("InstanceNumber"));
        assertTrue(f.message().endsWith("(checked as IS, the dictionary's VR for this UN element)"), f.message());
    }

    @Test
    void privateValuesAreNotChecked() throws Exception {
        Dataset ds = image();
        ds.setString(0x00090010, VR.LO, "ACME");
        ds.setString(0x00091001, VR.IS, "not a number");
        ds.setString(0x00091002, VR.UI, "not.a.uid");
        assertTrue(validate(ds).valid(), validate(ds).summary());
    }

    @Test
    void findingsAreBounded() throws Exception {
        Dataset ds = image();
        Dataset[] items = new Dataset[Validator.MAX_FINDINGS + 20];
        for (int i = 0; i < items.length; i++) {
            items[i] = new Dataset();
            items[i].setString(tag("ReferencedSOPInstanceUID"), VR.UI, "1.02");
        }
        ds.put(SyntheticDicom.sequence(tag("ReferencedImageSequence"), items));
        ValidationResult r = validate(ds);
        assertEquals(Validator.MAX_FINDINGS + 1, r.findings().size());
        assertEquals("and 20 more findings not listed", r.findings().get(Validator.MAX_FINDINGS).message());
    }
}
