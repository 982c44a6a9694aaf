package org.mip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.ComputedBulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomWriter;

/**
 * Synthetic CT written with our own writer: 512x512 16-bit slices with the header a scanner writes
 * (patient, study, series, equipment, acquisition and image attributes, a request sequence with a
 * nested code sequence, a private block), laid out as a PACS export would be:
 * {@code <patient>/<study>/<series>/IM<nnnnnn>} (no extension). Every identifying value is unique per
 * patient and recognisable ({@link #patientName}), so tests can look for it in outputs and logs.
 */
public final class CtCorpus {
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String ENHANCED_CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    public static final int ROWS = 512;
    public static final int COLUMNS = 512;
    public static final int SLICE_BYTES = ROWS * COLUMNS * 2;
    /** An organisation-style root, as scanners write (not 2.25): UIDs embed patient and slice numbers. */
    static final String ROOT = "1.2.826.0.1.3680043.8.498.";
    private static final ElementDictionary DICT = ElementDictionary.standard();

    private CtCorpus() {
    }

    /** The patient name planted in patient {@code p}'s files: unique, and easy to search for. */
    public static String patientName(int p) {
        return String.format(Locale.ROOT, "ZZTESTPATIENT%03d^JANE", p);
    }

    public static String patientId(int p) {
        return String.format(Locale.ROOT, "MRN%07d", 4711000 + p);
    }

    /**
     * Writes {@code slices} slices spread over {@code patients} patients (one study and two series
     * each); returns the total number of bytes written.
     */
    public static long write(Path dir, int slices, int patients) throws Exception {
        return write(dir, slices, patients, "NO");
    }

    /**
     * As {@link #write(Path, int, int)}, with Burned In Annotation {@code burnedIn} ("NO", as CT
     * scanners commonly write it, or null: absent, so that the pixels are scanned for text).
     */
    public static long write(Path dir, int slices, int patients, String burnedIn) throws Exception {
        byte[] pixels = pixels();
        long total = 0;
        int perPatient = (slices + patients - 1) / patients;
        int written = 0;
        for (int p = 1; p <= patients && written < slices; p++) {
            int count = Math.min(perPatient, slices - written);
            for (int i = 0; i < count; i++) {
                int series = i < count / 2 ? 1 : 2;
                Path file = dir.resolve(String.format(Locale.ROOT, "PAT%03d/STUDY1/SERIES%d/IM%06d", p, series, i + 1));
                Files.createDirectories(file.getParent());
                // Vary the pixels a little per slice, so no two files are the same.
                pixels[(i * 2) % pixels.length] = (byte) i;
                Dataset ds = slice(p, series, i + 1);
                if (burnedIn != null) {
                    s(ds, "BurnedInAnnotation", VR.CS, burnedIn);
                }
                ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, pixels));
                DicomWriter.write(file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), file);
                total += Files.size(file);
                written++;
            }
        }
        return total;
    }

    /**
     * A small CT image (16x16, 16-bit) with the same header as {@link #slice}: for tests that need
     * many real-looking files but not their size. Returns the file.
     */
    public static Path writeSmall(Path file, int p, int series, int n) throws Exception {
        Dataset ds = slice(p, series, n);
        ds.setInts(tag("Rows"), VR.US, 16);
        ds.setInts(tag("Columns"), VR.US, 16);
        byte[] px = new byte[16 * 16 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + n);
        }
        ds.put(new ValueElement(Tag.PIXEL_DATA, VR.OW, px));
        Files.createDirectories(file.toAbsolutePath().getParent());
        DicomWriter.write(file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), file);
        return file;
    }

    /** Mock CT pixel values: a disc of soft tissue in air, with some texture. */
    static byte[] pixels() {
        byte[] b = new byte[SLICE_BYTES];
        int k = 0;
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                int dx = x - 256;
                int dy = y - 256;
                int v = dx * dx + dy * dy < 200 * 200 ? 1040 + ((x * 7 + y * 13) & 63) : 24;
                b[k++] = (byte) v;
                b[k++] = (byte) (v >> 8);
            }
        }
        return b;
    }

    /** A Part 10 file around a data set, with the meta a scanner would write. */
    public static DicomFile file(Dataset ds, TransferSyntax ts) {
        Dataset meta = new Dataset(false);
        meta.put(new ValueElement(0x00020001, VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(Tag.SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(Tag.SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.setString(0x00020012, VR.UI, ROOT + "0.1");
        meta.setString(0x00020013, VR.SH, "SCANNER_1_0");
        meta.setString(0x00020016, VR.AE, "CT_SCANNER_7");
        return new DicomFile(new byte[128], meta, ds, ts, false, -1, List.of());
    }

    /** The header of slice {@code n} of series {@code series} of patient {@code p} (no pixel data). */
    public static Dataset slice(int p, int series, int n) {
        String study = ROOT + "1." + p;
        String seriesUid = study + "." + series;
        Dataset ds = new Dataset(false);
        s(ds, "SpecificCharacterSet", VR.CS, "ISO_IR 100");
        s(ds, "ImageType", VR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
        s(ds, "InstanceCreationDate", VR.DA, "20240312");
        s(ds, "InstanceCreationTime", VR.TM, "101530");
        s(ds, "SOPClassUID", VR.UI, CT_IMAGE_STORAGE);
        s(ds, "SOPInstanceUID", VR.UI, seriesUid + "." + n);
        s(ds, "StudyDate", VR.DA, "20240312");
        s(ds, "SeriesDate", VR.DA, "20240312");
        s(ds, "AcquisitionDate", VR.DA, "20240312");
        s(ds, "ContentDate", VR.DA, "20240312");
        s(ds, "StudyTime", VR.TM, "101200");
        s(ds, "SeriesTime", VR.TM, "101400");
        s(ds, "AcquisitionTime", VR.TM, "101410.250");
        s(ds, "ContentTime", VR.TM, "101410.250");
        s(ds, "AccessionNumber", VR.SH, "ACC" + (900000 + p));
        s(ds, "Modality", VR.CS, "CT");
        s(ds, "Manufacturer", VR.LO, "ACME Medical");
        s(ds, "InstitutionName", VR.LO, "St Example Hospital");
        s(ds, "InstitutionAddress", VR.ST, "1 Example Road, Exampleton");
        s(ds, "ReferringPhysicianName", VR.PN, "ZZREFERRER^JOHN");
        s(ds, "StationName", VR.SH, "CTSTATION7");
        s(ds, "StudyDescription", VR.LO, "CT CHEST WITH CONTRAST");
        s(ds, "SeriesDescription", VR.LO, series == 1 ? "AXIAL 1.25 STD" : "AXIAL 1.25 LUNG");
        s(ds, "InstitutionalDepartmentName", VR.LO, "Radiology");
        s(ds, "OperatorsName", VR.PN, "ZZOPERATOR^ANN");
        s(ds, "ManufacturerModelName", VR.LO, "Example CT 64");

        Dataset procedure = item(ds);
        s(procedure, "CodeValue", VR.SH, "CTCHESTC");
        s(procedure, "CodingSchemeDesignator", VR.SH, "99ACME");
        s(procedure, "CodeMeaning", VR.LO, "CT chest with contrast");
        seq(ds, "ProcedureCodeSequence", procedure);

        Dataset reference = item(ds);
        s(reference, "ReferencedSOPClassUID", VR.UI, CT_IMAGE_STORAGE);
        s(reference, "ReferencedSOPInstanceUID", VR.UI, study + ".3.1");
        seq(ds, "ReferencedImageSequence", reference);

        s(ds, "PatientName", VR.PN, patientName(p));
        s(ds, "PatientID", VR.LO, patientId(p));
        s(ds, "IssuerOfPatientID", VR.LO, "EXAMPLEHOSP");
        s(ds, "PatientBirthDate", VR.DA, String.format(Locale.ROOT, "19%02d0704", 40 + p % 50));
        s(ds, "PatientSex", VR.CS, p % 2 == 0 ? "M" : "F");
        Dataset other = item(ds);
        s(other, "PatientID", VR.LO, "OLD" + patientId(p));
        s(other, "TypeOfPatientID", VR.CS, "TEXT");
        seq(ds, "OtherPatientIDsSequence", other);
        s(ds, "PatientAge", VR.AS, "061Y");
        s(ds, "PatientWeight", VR.DS, "72.5");
        s(ds, "PatientAddress", VR.LO, "12 Sample Street");

        s(ds, "BodyPartExamined", VR.CS, "CHEST");
        s(ds, "SliceThickness", VR.DS, "1.25");
        s(ds, "KVP", VR.DS, "120");
        s(ds, "DataCollectionDiameter", VR.DS, "500");
        s(ds, "DeviceSerialNumber", VR.LO, "SN0042");
        s(ds, "SoftwareVersions", VR.LO, "VX.1.2");
        s(ds, "ProtocolName", VR.LO, "CHEST ROUTINE");
        s(ds, "ReconstructionDiameter", VR.DS, "360");
        s(ds, "GantryDetectorTilt", VR.DS, "0");
        s(ds, "TableHeight", VR.DS, "150");
        s(ds, "RotationDirection", VR.CS, "CW");
        s(ds, "ExposureTime", VR.IS, "500");
        s(ds, "XRayTubeCurrent", VR.IS, "220");
        s(ds, "Exposure", VR.IS, "110");
        s(ds, "FilterType", VR.SH, "BODY FILTER");
        s(ds, "ConvolutionKernel", VR.SH, series == 1 ? "STANDARD" : "LUNG");
        s(ds, "PatientPosition", VR.CS, "FFS");

        s(ds, "StudyInstanceUID", VR.UI, study);
        s(ds, "SeriesInstanceUID", VR.UI, seriesUid);
        s(ds, "StudyID", VR.SH, "S" + p);
        s(ds, "SeriesNumber", VR.IS, Integer.toString(series));
        s(ds, "AcquisitionNumber", VR.IS, "1");
        s(ds, "InstanceNumber", VR.IS, Integer.toString(n));
        double z = -100 - 1.25 * n;
        s(ds, "ImagePositionPatient", VR.DS, "-180\\-180\\" + fmt(z));
        s(ds, "ImageOrientationPatient", VR.DS, "1\\0\\0\\0\\1\\0");
        s(ds, "FrameOfReferenceUID", VR.UI, study + ".9");
        s(ds, "PositionReferenceIndicator", VR.LO, "SN");
        s(ds, "SliceLocation", VR.DS, fmt(z));

        // A request with a nested code sequence: two levels of items, PHI at the second.
        Dataset protocol = item(ds);
        s(protocol, "CodeValue", VR.SH, "P-CHEST");
        s(protocol, "CodingSchemeDesignator", VR.SH, "99ACME");
        s(protocol, "CodeMeaning", VR.LO, "Chest protocol for ZZTESTPATIENT" + p);
        Dataset request = item(ds);
        s(request, "RequestedProcedureID", VR.SH, "RP" + (7000 + p));
        s(request, "ScheduledProcedureStepID", VR.SH, "SPS" + (8000 + p));
        s(request, "RequestedProcedureDescription", VR.LO, "CT CHEST");
        seq(request, "ScheduledProtocolCodeSequence", protocol);
        seq(ds, "RequestAttributesSequence", request);

        s(ds, "SamplesPerPixel", VR.US, 1);
        s(ds, "PhotometricInterpretation", VR.CS, "MONOCHROME2");
        s(ds, "Rows", VR.US, ROWS);
        s(ds, "Columns", VR.US, COLUMNS);
        s(ds, "PixelSpacing", VR.DS, "0.703125\\0.703125");
        s(ds, "BitsAllocated", VR.US, 16);
        s(ds, "BitsStored", VR.US, 12);
        s(ds, "HighBit", VR.US, 11);
        s(ds, "PixelRepresentation", VR.US, 0);
        s(ds, "WindowCenter", VR.DS, "40");
        s(ds, "WindowWidth", VR.DS, "400");
        s(ds, "RescaleIntercept", VR.DS, "-1024");
        s(ds, "RescaleSlope", VR.DS, "1");
        s(ds, "RescaleType", VR.LO, "HU");

        // A vendor's private block, as scanners write them (creator + elements).
        ds.setString(0x00090010, VR.LO, "ACME_CT_PRIVATE");
        ds.setString(0x00091001, VR.LO, "ZZTESTPATIENT" + p + " scan note");
        ds.setString(0x00091002, VR.SH, "CT01");
        return ds;
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
    }

    static int tag(String keyword) {
        return DICT.tagOf(keyword);
    }

    static void s(Dataset ds, String keyword, VR vr, String value) {
        ds.setString(tag(keyword), vr, value);
    }

    static void s(Dataset ds, String keyword, VR vr, int value) {
        ds.setInts(tag(keyword), vr, value);
    }

    static Dataset item(Dataset parent) {
        Dataset item = new Dataset(false);
        item.setParent(parent);
        return item;
    }

    static void seq(Dataset ds, String keyword, Dataset... items) {
        SequenceElement seq = new SequenceElement(tag(keyword), VR.SQ, true);
        for (Dataset item : items) {
            item.setParent(ds);
            seq.items().add(item);
        }
        ds.put(seq);
    }

    /**
     * Bulk pixel data produced on the fly from its offset (never held in memory): for files larger
     * than the heap. {@link #at} gives the byte at an offset, so a reader can check it.
     */
    public static final class GeneratedPixels {
        private GeneratedPixels() {
        }

        /** Little-endian 16-bit words of 12-bit values (Bits Stored 12): the high byte's top four bits clear. */
        public static byte at(long i) {
            byte b = (byte) (i ^ (i >>> 9) ^ (i >>> 21) ^ 0x3C);
            return (i & 1) == 1 ? (byte) (b & 0x0F) : b;
        }

        public static BulkData of(long length) {
            return new ComputedBulkData(length, GeneratedPixels::at);
        }
    }

    /**
     * An Enhanced CT multi-frame file of {@code frames} 512x512 16-bit frames, streamed to disk
     * (the pixel data is generated as it is written, see {@link GeneratedPixels}).
     */
    public static Path writeMultiframe(Path file, int frames) throws IOException {
        Dataset ds = slice(1, 1, 1);
        s(ds, "SOPClassUID", VR.UI, ENHANCED_CT_IMAGE_STORAGE);
        s(ds, "NumberOfFrames", VR.IS, Integer.toString(frames));
        s(ds, "BurnedInAnnotation", VR.CS, "NO");
        ds.put(new BulkElement(Tag.PIXEL_DATA, VR.OW, GeneratedPixels.of((long) frames * SLICE_BYTES)));
        try {
            DicomWriter.write(file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), file);
        } catch (org.mip.dicom.DicomException e) {
            throw new IOException(e.getMessage(), e);
        }
        return file;
    }
}
