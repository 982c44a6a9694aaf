package org.mip.dicom.iod;

/**
 * An attribute's Type in an IOD (PS3.5 §7.4): 1 present with a value, 2 present (may be empty),
 * 3 optional; the C forms apply under their condition. {@link #NOT_IN_IOD} where no module of the
 * IOD names the attribute at that place. Declared from strictest to loosest, so the stricter of
 * two is the one with the lower ordinal.
 */
public enum AttributeType {
    TYPE_1("1"),
    TYPE_1C("1C"),
    TYPE_2("2"),
    TYPE_2C("2C"),
    TYPE_3("3"),
    NOT_IN_IOD("-");

    private final String code;

    AttributeType(String code) {
        this.code = code;
    }

    /** As PS3.3 writes it ("1", "1C", "2", "2C", "3"), or "-" for {@link #NOT_IN_IOD}. */
    public String code() {
        return code;
    }

    /** The Type PS3.3 writes as {@code code}; IllegalArgumentException for anything else. */
    public static AttributeType of(String code) {
        for (AttributeType t : values()) {
            if (t.code.equals(code) && t != NOT_IN_IOD) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a PS3.3 attribute Type: \"" + code + "\"");
    }

    /** Type 1 or 1C: when present, it must have a value. */
    public boolean needsValue() {
        return this == TYPE_1 || this == TYPE_1C;
    }

    /** Type 1, 1C, 2 or 2C: the IOD requires it (under its condition). */
    public boolean required() {
        return ordinal() <= TYPE_2C.ordinal();
    }

    /** The stricter of the two. */
    public AttributeType stricter(AttributeType other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
