package org.mip.validate;

import java.nio.file.Path;
import java.util.List;
import org.mip.dicom.DicomException;
import org.mip.dicom.Tag;
import org.mip.dicom.TransferSyntax;
import org.mip.dicom.VR;
import org.mip.dicom.data.BulkData;
import org.mip.dicom.data.Dataset;
import org.mip.dicom.data.DicomFile;
import org.mip.dicom.data.FragmentsElement;
import org.mip.dicom.data.SequenceElement;
import org.mip.dicom.data.ValueElement;
import org.mip.dicom.dict.ElementDictionary;
import org.mip.dicom.io.DicomWriter;
import org.mip.dicom.io.WriteOptions;

/** Small, valid DICOM files built in code, to break one rule at a time. */
final class SyntheticDicom {
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String SOP_INSTANCE = "1.2.826.0.1.3680043.8.498.1";
    static final String STUDY = "1.2.826.0.1.3680043.8.498.2";
    static final String SERIES = "1.2.826.0.1.3680043.8.498.3";

    private SyntheticDicom() {
    }

    static int tag(String keyword) {
        return ElementDictionary.standard().tagOf(keyword);
    }

    /** A 4x2 MONOCHROME2 16-bit MR image, one frame, everything the validator asks for. */
    static Dataset image() {
        Dataset ds = new Dataset(false);
        ds.setString(Tag.SOP_CLASS_UID, VR.UI, MR_IMAGE_STORAGE);
        ds.setString(Tag.SOP_INSTANCE_UID, VR.UI, SOP_INSTANCE);
        ds.setString(tag("StudyDate"), VR.DA, "20240131");
        ds.setString(tag("Modality"), VR.CS, "MR");
        ds.setString(tag("PatientName"), VR.PN, "Doe^Jane");
        ds.setString(tag("PatientID"), VR.LO, "PID-1");
        ds.setString(tag("StudyInstanceUID"), VR.UI, STUDY);
        ds.setString(tag("SeriesInstanceUID"), VR.UI, SERIES);
        ds.setString(tag("InstanceNumber"), VR.IS, "1");
        ds.setString(tag("SliceThickness"), VR.DS, "1.5");
        pixels(ds, 2, 4, 1, 1, 16, 16);
        return ds;
    }

    /** Sets the Image Pixel attributes and native pixel data of the length they call for. */
    static void pixels(Dataset ds, int rows, int columns, int frames, int samples, int bitsAllocated, int length) {
        ds.setInts(tag("SamplesPerPixel"), VR.US, samples);
        ds.setString(tag("PhotometricInterpretation"), VR.CS, samples == 3 ? "RGB" : "MONOCHROME2");
        if (frames != 1) {
            ds.setString(tag("NumberOfFrames"), VR.IS, Integer.toString(frames));
        }
        ds.setInts(tag("Rows"), VR.US, rows);
        ds.setInts(tag("Columns"), VR.US, columns);
        ds.setInts(Tag.BITS_ALLOCATED, VR.US, bitsAllocated);
        ds.setInts(tag("BitsStored"), VR.US, bitsAllocated);
        ds.setInts(tag("HighBit"), VR.US, bitsAllocated - 1);
        ds.setInts(Tag.PIXEL_REPRESENTATION, VR.US, 0);
        ds.put(new ValueElement(Tag.PIXEL_DATA, bitsAllocated > 8 ? VR.OW : VR.OB, new byte[length]));
    }

    static Dataset meta(Dataset ds, String transferSyntaxUid) {
        Dataset meta = new Dataset(false);
        meta.put(new ValueElement(tag("FileMetaInformationVersion"), VR.OB, new byte[] {0, 1}));
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, ds.getString(Tag.SOP_CLASS_UID));
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, ds.getString(Tag.SOP_INSTANCE_UID));
        if (transferSyntaxUid != null) {
            meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, transferSyntaxUid);
        }
        meta.setString(tag("ImplementationClassUID"), VR.UI, "1.2.826.0.1.3680043.8.498.100");
        return meta;
    }

    static DicomFile file(Dataset ds, TransferSyntax ts) {
        return new DicomFile(new byte[128], meta(ds, ts.uid()), ds, ts, false, -1, List.of());
    }

    static DicomFile file(Dataset ds) {
        return file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Writes {@code file} with the codec's writer and returns the path. */
    static Path write(DicomFile file, Path dir, String name) throws DicomException {
        Path path = dir.resolve(name);
        DicomWriter.write(file, path, WriteOptions.DEFAULT);
        return path;
    }

    static Path write(Dataset ds, Path dir, String name) throws DicomException {
        return write(file(ds), dir, name);
    }

    static SequenceElement sequence(int tag, Dataset... items) {
        SequenceElement seq = new SequenceElement(tag, VR.SQ, false);
        for (Dataset item : items) {
            seq.items().add(item);
        }
        return seq;
    }

    static FragmentsElement fragments(byte[]... fragments) {
        FragmentsElement f = new FragmentsElement(Tag.PIXEL_DATA, VR.OB);
        for (byte[] b : fragments) {
            f.fragments().add(BulkData.of(b));
        }
        return f;
    }
}
