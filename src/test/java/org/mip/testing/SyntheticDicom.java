package org.mip.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

/**
 * DICOM built in code for tests, two ways. As bytes, element by element ({@link #explicit()},
 * {@link #implicit()}), including what no writer would produce (lying lengths, stray delimiters, deep
 * nesting), in Explicit or Implicit VR Little Endian, with a Part 10 wrapper ({@link #part10}). Or as
 * a data set ({@link #image()} and the static helpers after it): a small valid image, to break one
 * rule at a time and write with the codec's writer.
 */
public final class SyntheticDicom {
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String DEFLATED = "1.2.840.10008.1.2.1.99";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean explicit;

    private SyntheticDicom(boolean explicit) {
        this.explicit = explicit;
    }

    public static SyntheticDicom explicit() {
        return new SyntheticDicom(true);
    }

    public static SyntheticDicom implicit() {
        return new SyntheticDicom(false);
    }

    /** Preamble, "DICM" and a meta group naming {@code tsUid}, then {@code dataset} as is. */
    public static byte[] part10(String tsUid, byte[] dataset) {
        SyntheticDicom meta = explicit()
                .value(0x00020001, "OB", new byte[] {0, 1})
                .text(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.7")
                .text(0x00020003, "UI", "1.2.3.4.5.6.7.8.9")
                .text(0x00020010, "UI", tsUid)
                .text(0x00020012, "UI", "1.2.3.4");
        byte[] body = meta.bytes();
        SyntheticDicom all = explicit();
        all.out.write(new byte[128], 0, 128);
        all.raw("DICM".getBytes(StandardCharsets.US_ASCII));
        all.value(0x00020000, "UL", le32(body.length));
        all.raw(body);
        all.raw(dataset);
        return all.bytes();
    }

    /** An element header with whatever length is given (no value follows). */
    public SyntheticDicom header(int tag, String vr, long length) {
        tag(tag);
        if (explicit) {
            raw(vr.getBytes(StandardCharsets.US_ASCII));
            if (longLength(vr)) {
                u16(0);
                u32(length);
            } else {
                u16((int) length);
            }
        } else {
            u32(length);
        }
        return this;
    }

    public SyntheticDicom value(int tag, String vr, byte[] value) {
        return header(tag, vr, value.length).raw(value);
    }

    /** A text value, padded to even length (NUL for UI, else space). */
    public SyntheticDicom text(int tag, String vr, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        if ((b.length & 1) == 1) {
            b = java.util.Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        return value(tag, vr, b);
    }

    public SyntheticDicom us(int tag, int... values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >>> 8);
        }
        return value(tag, "US", b);
    }

    /** A sequence header; -1 for undefined length. */
    public SyntheticDicom sequence(int tag, long length) {
        return header(tag, "SQ", length < 0 ? 0xFFFFFFFFL : length);
    }

    /** An item header; -1 for undefined length. */
    public SyntheticDicom item(long length) {
        return tag(0xFFFEE000).u32(length < 0 ? 0xFFFFFFFFL : length);
    }

    public SyntheticDicom itemEnd() {
        return tag(0xFFFEE00D).u32(0);
    }

    public SyntheticDicom sequenceEnd() {
        return tag(0xFFFEE0DD).u32(0);
    }

    public SyntheticDicom tag(int tag) {
        u16(tag >>> 16);
        return u16(tag & 0xFFFF);
    }

    public SyntheticDicom u16(int v) {
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    public SyntheticDicom u32(long v) {
        u16((int) (v & 0xFFFF));
        return u16((int) (v >>> 16));
    }

    public SyntheticDicom raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** The first elements of an image data set (ids, rows, columns...), without pixel data. */
    public SyntheticDicom imageHeader(int rows, int columns, int bitsAllocated, int frames) {
        text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7");
        text(0x00080018, "UI", "1.2.3.4.5.6.7.8.9");
        text(0x00080060, "CS", "OT");
        text(0x00100010, "PN", "Synthetic^Test");
        text(0x00100020, "LO", "SYN-1");
        text(0x0020000D, "UI", "1.2.3.4.5.6.7.8.10");
        text(0x0020000E, "UI", "1.2.3.4.5.6.7.8.11");
        us(0x00280002, 1);
        text(0x00280004, "CS", "MONOCHROME2");
        if (frames > 1) {
            text(0x00280008, "IS", Integer.toString(frames));
        }
        us(0x00280010, rows);
        us(0x00280011, columns);
        us(0x00280100, bitsAllocated);
        us(0x00280101, bitsAllocated);
        us(0x00280102, bitsAllocated - 1);
        return us(0x00280103, 0);
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static boolean longLength(String vr) {
        switch (vr) {
            case "OB": case "OD": case "OF": case "OL": case "OV": case "OW": case "SQ": case "SV":
            case "UC": case "UN": case "UR": case "UT": case "UV":
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ data sets

    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String SOP_INSTANCE = "1.2.826.0.1.3680043.8.498.1";
    public static final String STUDY = "1.2.826.0.1.3680043.8.498.2";
    public static final String SERIES = "1.2.826.0.1.3680043.8.498.3";

    public static int tag(String keyword) {
        return ElementDictionary.standard().tagOf(keyword);
    }

    /** A 4x2 MONOCHROME2 16-bit MR image, one frame, everything the validator asks for. */
    public static Dataset image() {
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
    public static void pixels(Dataset ds, int rows, int columns, int frames, int samples, int bitsAllocated, int length) {
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

    public static Dataset meta(Dataset ds, String transferSyntaxUid) {
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

    public static DicomFile file(Dataset ds, TransferSyntax ts) {
        return new DicomFile(new byte[128], meta(ds, ts.uid()), ds, ts, false, -1, List.of());
    }

    public static DicomFile file(Dataset ds) {
        return file(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Writes {@code file} with the codec's writer and returns the path. */
    public static Path write(DicomFile file, Path dir, String name) throws DicomException {
        Path path = dir.resolve(name);
        DicomWriter.write(file, path, WriteOptions.DEFAULT);
        return path;
    }

    public static Path write(Dataset ds, Path dir, String name) throws DicomException {
        return write(file(ds), dir, name);
    }

    public static SequenceElement sequence(int tag, Dataset... items) {
        SequenceElement seq = new SequenceElement(tag, VR.SQ, false);
        for (Dataset item : items) {
            seq.items().add(item);
        }
        return seq;
    }

    public static FragmentsElement fragments(byte[]... fragments) {
        FragmentsElement f = new FragmentsElement(Tag.PIXEL_DATA, VR.OB);
        for (byte[] b : fragments) {
            f.fragments().add(BulkData.of(b));
        }
        return f;
    }
}
