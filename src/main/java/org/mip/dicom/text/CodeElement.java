package org.mip.dicom.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.Map;

/**
 * A graphic character set that ISO 2022 designates into G0 (bytes 0x21-0x7E) or G1 (bytes 0xA0-0xFF),
 * with its escape sequence (PS3.3 Tables C.12-3 and C.12-4). The character mappings come from the
 * JDK's charsets; nothing here is a typed-in table.
 */
enum CodeElement {
    ASCII(false, 1, "(B", null),
    /**
     * JIS X 0201 Roman (ISO-IR 14). Read and written as ASCII: 0x5C stays REVERSE SOLIDUS (it is
     * DICOM's value delimiter) and 0x7E stays TILDE, as pydicom reads them (it decodes IR 13 as
     * Shift_JIS); the yen/overline glyphs of the Roman set are left to display.
     */
    JIS_ROMAN(false, 1, "(J", null),
    JIS_X0208(false, 2, "$B", "x-JIS0208"),
    JIS_X0212(false, 2, "$(D", "JIS_X0212-1990"),
    LATIN1(true, 1, "-A", "ISO-8859-1"),
    LATIN2(true, 1, "-B", "ISO-8859-2"),
    LATIN3(true, 1, "-C", "ISO-8859-3"),
    LATIN4(true, 1, "-D", "ISO-8859-4"),
    CYRILLIC(true, 1, "-L", "ISO-8859-5"),
    ARABIC(true, 1, "-G", "ISO-8859-6"),
    GREEK(true, 1, "-F", "ISO-8859-7"),
    HEBREW(true, 1, "-H", "ISO-8859-8"),
    LATIN5(true, 1, "-M", "ISO-8859-9"),
    LATIN9(true, 1, "-b", "ISO-8859-15"),
    THAI(true, 1, "-T", "TIS-620"),
    /** JIS X 0201 Katakana (ISO-IR 13): half-width katakana in 0xA1-0xDF. */
    KATAKANA(true, 1, ")I", "JIS_X0201"),
    /** KS X 1001 (ISO-IR 149), EUC-KR's two-byte part. */
    KS_X1001(true, 2, "$)C", "EUC-KR"),
    /** GB 2312 (ISO-IR 58), EUC-CN's two-byte part. */
    GB2312(true, 2, "$)A", "GB2312");

    static final byte ESC = 0x1B;

    private final boolean g1;
    private final int bytesPerChar;
    private final byte[] escape;
    private final Charset charset;
    /** Single-byte G1 sets: the characters of bytes 0x80-0xFF (U+FFFD where unmapped), and the inverse. */
    private final char[] upper;
    private final Map<Character, Byte> upperInverse;

    CodeElement(boolean g1, int bytesPerChar, String escape, String charsetName) {
        this.g1 = g1;
        this.bytesPerChar = bytesPerChar;
        this.escape = (((char) ESC) + escape).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.charset = charsetName == null ? null : Charset.forName(charsetName);
        if (g1 && bytesPerChar == 1) {
            upper = new char[128];
            upperInverse = new HashMap<>();
            CharsetDecoder decoder = charset.newDecoder();
            for (int b = 0x80; b <= 0xFF; b++) {
                char c = decodeOne(decoder, new byte[] {(byte) b});
                upper[b - 0x80] = c;
                if (c != '\uFFFD') {
                    upperInverse.put(c, (byte) b);
                }
            }
        } else {
            upper = null;
            upperInverse = null;
        }
    }

    boolean isG1() {
        return g1;
    }

    boolean isMultiByte() {
        return bytesPerChar == 2;
    }

    /** ESC and the bytes that designate this set. */
    byte[] escape() {
        return escape.clone();
    }

    /** The element designated by the escape sequence {@code v[from, to)} (ESC included), or null. */
    static CodeElement forEscape(byte[] v, int from, int to) {
        for (CodeElement e : values()) {
            if (e.escape.length == to - from
                    && java.util.Arrays.equals(e.escape, 0, e.escape.length, v, from, to)) {
                return e;
            }
        }
        return null;
    }

    /** The character of one byte 0x80-0xFF of a single-byte G1 set. */
    char decodeUpper(int b) {
        return upper[b - 0x80];
    }

    /**
     * The character of a two-byte code: 0x21-0x7E each for G0 sets, 0xA1-0xFE each for G1 sets
     * (the caller checks the ranges); U+FFFD when the code is unassigned.
     */
    char decodePair(int b1, int b2) {
        return decodeOne(charset.newDecoder(), new byte[] {(byte) b1, (byte) b2});
    }

    /** The bytes of {@code cp} in this set (without escape sequence), or null when it has none. */
    byte[] encode(int cp) {
        switch (this) {
            case ASCII:
            case JIS_ROMAN:
                return cp < 0x80 ? new byte[] {(byte) cp} : null;
            default:
                break;
        }
        if (cp > 0xFFFF) {
            return null;
        }
        if (!isMultiByte()) {
            Byte b = upperInverse.get((char) cp);
            return b == null ? null : new byte[] {b};
        }
        byte[] out;
        try {
            ByteBuffer bb = charset.newEncoder().encode(CharBuffer.wrap(new char[] {(char) cp}));
            out = new byte[bb.remaining()];
            bb.get(out);
        } catch (CharacterCodingException e) {
            return null;
        }
        // Keep only genuine two-byte codes of this very set (EUC-KR/GB2312 also map ASCII to one byte).
        int lo = g1 ? 0xA1 : 0x21;
        int hi = g1 ? 0xFE : 0x7E;
        if (out.length != 2 || (out[0] & 0xFF) < lo || (out[0] & 0xFF) > hi
                || (out[1] & 0xFF) < lo || (out[1] & 0xFF) > hi) {
            return null;
        }
        // Keep only what reads back as the same character, so encode and decode stay inverse.
        return decodePair(out[0] & 0xFF, out[1] & 0xFF) == cp ? out : null;
    }

    private static char decodeOne(CharsetDecoder decoder, byte[] bytes) {
        decoder.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = decoder.decode(ByteBuffer.wrap(bytes));
            return cb.length() == 1 ? cb.get(0) : '\uFFFD';
        } catch (CharacterCodingException e) {
            return '\uFFFD';
        }
    }
}
