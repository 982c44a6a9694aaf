package org.mip.dicom.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds DICOM bytes by hand for tests, including ones no writer would produce (lying lengths,
 * stray delimiters, deep nesting): element headers and values in Explicit or Implicit VR Little
 * Endian, and a Part 10 wrapper (preamble, "DICM", meta group with its group length).
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
}
