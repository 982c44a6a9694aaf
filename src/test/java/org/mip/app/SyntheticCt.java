package org.mip.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.BulkElement;
import org.mip.dicom.data.ComputedBulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.WriteOptions;

/**
 * Synthetic CT images for the pipeline tests and the benchmark: valid (the validator admits them),
 * 16-bit MONOCHROME2, any size and frame count, identifying attributes set by keyword. Pixel data is
 * generated as it is written (never held whole), so a 100 MB file costs no memory.
 */
public final class SyntheticCt {
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String ENHANCED_CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    /** A UID root for test instances (the one pydicom uses for examples). */
    public static final String ROOT = "1.2.826.0.1.3680043.8.498.";
    private static final ElementDictionary DICT = ElementDictionary.standard();

    private final Dataset ds = new Dataset(false);
    private final String sopClass;

    private SyntheticCt(String sopClass) {
        this.sopClass = sopClass;
    }

    /**
     * A CT slice ({@code frames == 1}) or a multi-frame image, instance {@code n} of study
     * {@code study} (numbers turned into UIDs under {@link #ROOT}).
     */
    public static SyntheticCt image(int study, int n, int rows, int columns, int frames) {
        SyntheticCt ct = new SyntheticCt(frames == 1 ? CT_IMAGE_STORAGE : ENHANCED_CT_STORAGE);
        Dataset d = ct.ds;
        d.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
        d.setString(Tag.SOP_CLASS_UID, VR.UI, ct.sopClass);
        d.setString(Tag.SOP_INSTANCE_UID, VR.UI, ROOT + study + "." + n);
        d.setString(tag("StudyInstanceUID"), VR.UI, ROOT + study);
        d.setString(tag("SeriesInstanceUID"), VR.UI, ROOT + study + ".0");
        d.setString(tag("Modality"), VR.CS, "CT");
        d.setString(tag("StudyDate"), VR.DA, "20240131");
        d.setString(tag("StudyTime"), VR.TM, "101500");
        d.setString(tag("PatientName"), VR.PN, "Synthetic^Patient");
        d.setString(tag("PatientID"), VR.LO, "SYN-" + study);
        d.setString(tag("InstanceNumber"), VR.IS, Integer.toString(n));
        d.setString(tag("ImageType"), VR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
        d.setString(tag("BurnedInAnnotation"), VR.CS, "NO");
        d.setString(tag("SliceThickness"), VR.DS, "1.25");
        d.setString(tag("KVP"), VR.DS, "120");
        if (frames != 1) {
            d.setString(tag("NumberOfFrames"), VR.IS, Integer.toString(frames));
        }
        d.setInts(tag("SamplesPerPixel"), VR.US, 1);
        d.setString(tag("PhotometricInterpretation"), VR.CS, "MONOCHROME2");
        d.setInts(tag("Rows"), VR.US, rows);
        d.setInts(tag("Columns"), VR.US, columns);
        d.setInts(Tag.BITS_ALLOCATED, VR.US, 16);
        d.setInts(tag("BitsStored"), VR.US, 12);
        d.setInts(tag("HighBit"), VR.US, 11);
        d.setInts(Tag.PIXEL_REPRESENTATION, VR.US, 0);
        d.setString(tag("RescaleIntercept"), VR.DS, "-1024");
        d.setString(tag("RescaleSlope"), VR.DS, "1");
        long length = (long) rows * columns * frames * 2;
        d.put(new BulkElement(Tag.PIXEL_DATA, VR.OW, ramp(length, n)));
        return ct;
    }

    public static int tag(String keyword) {
        return DICT.tagOf(keyword);
    }

    /** Sets a public attribute by keyword, with its dictionary VR. */
    public SyntheticCt set(String keyword, String value) {
        int t = tag(keyword);
        ds.setString(t, DICT.vrOf(t, org.mip.dicom.dict.VrContext.IMPLICIT), value);
        return this;
    }

    public Dataset dataset() {
        return ds;
    }

    /** Adds a sequence (of the given items) by keyword. */
    public SyntheticCt sequence(String keyword, Dataset... items) {
        ds.put(sequence(tag(keyword), items));
        return this;
    }

    public static SequenceElement sequence(int tag, Dataset... items) {
        SequenceElement seq = new SequenceElement(tag, VR.SQ, false);
        for (Dataset item : items) {
            seq.items().add(item);
        }
        return seq;
    }

    /** An item with public attributes by keyword. */
    public static Dataset item(Map<String, String> values) {
        Dataset item = new Dataset(false);
        for (Map.Entry<String, String> e : values.entrySet()) {
            int t = tag(e.getKey());
            item.setString(t, DICT.vrOf(t, org.mip.dicom.dict.VrContext.IMPLICIT), e.getValue());
        }
        return item;
    }

    /** A private block of {@code creator} in odd {@code group}: text values at elements 0x10, 0x11, ... */
    public SyntheticCt privateText(int group, String creator, String... values) {
        ds.setString((group << 16) | 0x0010, VR.LO, creator);
        for (int i = 0; i < values.length; i++) {
            ds.setString((group << 16) | 0x1000 | (0x10 + i), VR.LO, values[i]);
        }
        return this;
    }

    /** A private sequence (group's element 0x1001 of the block at 0x0011) holding one item with a private text value. */
    public SyntheticCt privateSequence(int group, String creator, String value) {
        ds.setString((group << 16) | 0x0011, VR.LO, creator);
        Dataset item = new Dataset(false);
        item.setString((group << 16) | 0x0010, VR.LO, creator);
        item.setString((group << 16) | 0x1001, VR.LO, value);
        ds.put(sequence((group << 16) | 0x1101, item));
        return this;
    }

    public DicomFile file() {
        Dataset meta = new Dataset(false);
        meta.put(new ValueElement(tag("FileMetaInformationVersion"), VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(Tag.SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(Tag.SOP_INSTANCE_UID));
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        meta.setString(tag("ImplementationClassUID"), VR.UI, ROOT + "100");
        return new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1, List.of());
    }

    public Path write(Path path) throws DicomException {
        DicomWriter.write(file(), path, WriteOptions.DEFAULT);
        return path;
    }

    /** Keyword → value of the identifying attributes this image was given (for leak checks). */
    public Map<String, String> values(String... keywords) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : keywords) {
            m.put(k, ds.getString(tag(k)));
        }
        return m;
    }

    /** Pixel values of a smooth ramp (12 bits), computed as they are read. */
    private static BulkData ramp(long length, int seed) {
        return new ComputedBulkData(length, p -> {
            long pixel = p >> 1;
            int v = (int) ((pixel * 7 + seed * 13 + (pixel >> 9) * 3) & 0x0FFF);
            return (p & 1) == 0 ? v & 0xFF : v >> 8;
        });
    }
}
