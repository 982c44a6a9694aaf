package org.mip.dicom;

/**
 * Value Representations of PS3.5 §6.2, with what the codec needs to know about each:
 * the size of its explicit-VR length field, its padding byte, and whether its value is text.
 */
public enum VR {
    AE(Kind.TEXT, false, ' '), AS(Kind.TEXT, false, ' '), AT(Kind.BINARY, false, 0),
    CS(Kind.TEXT, false, ' '), DA(Kind.TEXT, false, ' '), DS(Kind.TEXT, false, ' '),
    DT(Kind.TEXT, false, ' '), FD(Kind.BINARY, false, 0), FL(Kind.BINARY, false, 0),
    IS(Kind.TEXT, false, ' '), LO(Kind.TEXT, false, ' '), LT(Kind.TEXT, false, ' '),
    OB(Kind.BULK, true, 0), OD(Kind.BULK, true, 0), OF(Kind.BULK, true, 0),
    OL(Kind.BULK, true, 0), OV(Kind.BULK, true, 0), OW(Kind.BULK, true, 0),
    PN(Kind.TEXT, false, ' '), SH(Kind.TEXT, false, ' '), SL(Kind.BINARY, false, 0),
    SQ(Kind.SEQUENCE, true, 0), SS(Kind.BINARY, false, 0), ST(Kind.TEXT, false, ' '),
    SV(Kind.BINARY, true, 0), TM(Kind.TEXT, false, ' '), UC(Kind.TEXT, true, ' '),
    UI(Kind.TEXT, false, 0), UL(Kind.BINARY, false, 0), UN(Kind.BULK, true, 0),
    UR(Kind.TEXT, true, ' '), US(Kind.BINARY, false, 0), UT(Kind.TEXT, true, ' '),
    UV(Kind.BINARY, true, 0);

    /** Broad families of VRs. */
    public enum Kind { TEXT, BINARY, BULK, SEQUENCE }

    private final Kind kind;
    private final boolean longLength;
    private final byte padding;
    private final int code;

    VR(Kind kind, boolean longLength, int padding) {
        this.kind = kind;
        this.longLength = longLength;
        this.padding = (byte) padding;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 §7.1.2). */
    public boolean hasLongLength() {
        return longLength;
    }

    /** The byte that pads an odd-length value to even length: NUL for UI and binary, space for text. */
    public byte padding() {
        return padding;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** The two ASCII characters as a big-endian 16-bit number, as they appear in an explicit-VR header. */
    public int code() {
        return code;
    }

    /** Size in bytes of one value of a fixed-size binary VR, 0 for the others. */
    public int valueSize() {
        switch (this) {
            case SS: case US: return 2;
            case SL: case UL: case FL: case AT: return 4;
            case FD: case SV: case UV: return 8;
            default: return 0;
        }
    }

    /**
     * The maximum length of one value in characters (PS3.5 Table 6.2-1; PN: per component group), or
     * -1 when not limited in practice (UC, UR, UT) or not a text VR.
     */
    public int maxLength() {
        switch (this) {
            case AE: case CS: case DS: case SH: return 16;
            case AS: return 4;
            case DA: return 8;
            case DT: return 26;
            case IS: return 12;
            case TM: return 14;
            case LO: case PN: case UI: return 64;
            case ST: return 1024;
            case LT: return 10240;
            default: return -1;
        }
    }

    /** Text VRs whose value is one string where backslash is an ordinary character (no multiplicity). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }

    private static final VR[] BY_CODE = new VR[1 << 16];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code] = vr;
        }
    }

    /** The VR whose two ASCII characters are {@code code}, or null when the bytes name no VR. */
    public static VR ofCode(int code) {
        return BY_CODE[code & 0xFFFF];
    }

    /** Parses a two-letter VR name; null when it names no VR. */
    public static VR ofName(String name) {
        if (name == null || name.length() != 2) {
            return null;
        }
        return ofCode((name.charAt(0) << 8) | name.charAt(1));
    }
}
