package org.mip.dicom;

/**
 * Data element tags as {@code int}s: group in the high 16 bits, element in the low 16 bits.
 * Tags compare as unsigned numbers ({@link #compare}), the order the standard writes them in.
 * The constants are the few tags the codec itself must recognise; everything else is looked up
 * in the generated dictionary by keyword.
 */
public final class Tag {
    public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int PIXEL_DATA = 0x7FE00010;
    public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private Tag() {
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Elements of odd groups are private (PS3.5 §7.8), except the reserved groups 0001-0007 and FFFF. */
    public static boolean isPrivate(int tag) {
        int group = group(tag);
        return (group & 1) == 1 && group > 0x0007 && group != 0xFFFF;
    }

    /** (gggg,0010-00FF) in a private group reserves the block (gggg,xx00-xxFF) for a creator. */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** The creator element that reserves the block of private element {@code tag}, e.g. (0009,1005) → (0009,0010). */
    public static int privateCreatorOf(int tag) {
        return (tag & 0xFFFF0000) | (element(tag) >>> 8);
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /**
     * Whether all four bytes of {@code tag} are printable ASCII (0x20-0x7E). No tag of the PS3.6 dictionary is
     * (repeating groups included), nor any of the 4,852 elements of the shared sample files: such a "tag" is
     * almost always text, a value's bytes read where a tag should be after a wrong length.
     */
    public static boolean isText(int tag) {
        return isTextByte(tag >>> 24) && isTextByte(tag >>> 16) && isTextByte(tag >>> 8) && isTextByte(tag);
    }

    /** Whether the low byte of {@code b} is printable ASCII (0x20-0x7E). */
    public static boolean isTextByte(int b) {
        int v = b & 0xFF;
        return v >= 0x20 && v <= 0x7E;
    }

    /**
     * The tag for a message: "(GGGG,EEEE)", or "4 bytes of text" when {@link #isText} (the hex of text
     * spells the text, which may be a value: PHI).
     */
    public static String shown(int tag) {
        return isText(tag) ? "4 bytes of text" : toString(tag);
    }

    /** "(GGGG,EEEE)", upper-case hex, the form dcmdump and the standard use. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }

    /** "GGGGEEEE", the key form of the DICOM JSON model. */
    public static String toHex(int tag) {
        return String.format("%08X", tag);
    }

    /** Parses "GGGGEEEE", "(GGGG,EEEE)" or "GGGG,EEEE"; throws IllegalArgumentException otherwise. */
    public static int parse(String text) {
        String hex = text.trim().replace("(", "").replace(")", "").replace(",", "");
        if (hex.length() != 8) {
            throw new IllegalArgumentException("not a tag: \"" + text + "\" (expected GGGGEEEE or (GGGG,EEEE))");
        }
        try {
            return (int) Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a tag: \"" + text + "\" (expected hexadecimal digits)");
        }
    }
}
