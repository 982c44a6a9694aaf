package org.mip.dicom.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mip.dicom.VR;

/**
 * Specific Character Set (0008,0005): turns the raw bytes of text values (SH, LO, ST, LT, PN, UC, UT)
 * into Java strings and back (PS3.5 §6.1, PS3.3 C.12.1.1.2). Immutable and thread-safe.
 *
 * <p>Supported Defined Terms: the default repertoire (no value, empty, {@code ISO_IR 6}),
 * {@code ISO_IR 100/101/109/110/144/127/126/138/148/203/13/166}, {@code ISO_IR 192} (UTF-8),
 * {@code GB18030}, {@code GBK}, and with ISO 2022 code extensions
 * {@code ISO 2022 IR 6/100/101/109/110/144/127/126/138/148/203/13/166/87/159/149/58}.
 *
 * <p>Code extensions are in use when (0008,0005) has several values or its value starts with
 * "ISO 2022". The first value (empty meaning IR 6) sets the initial G0/G1 state; escape sequences
 * change it; it returns to the initial state at CR, LF, FF, TAB, at '\' except in LT/ST/UT/UR, and in
 * PN at '^' and '='. Those delimiters are only recognised as single bytes outside a two-byte G0 code,
 * and stand-alone multi-byte sets (GB18030, GBK, UTF-8) are decoded whole before anything looks for
 * them, so a 0x5C inside a multi-byte character never splits a value.
 *
 * <p>Leniency when decoding (never throws):
 * <ul>
 * <li>a value that is not a Defined Term is reported by {@link #unknownTerms()}; if it is an obvious
 *     misspelling of one ({@code ISO-IR 100}, {@code ISO_IR100}, {@code ISO 2022 IR100}, {@code utf-8},
 *     other letter case) that term is used, otherwise it is ignored (as value 1: the default
 *     repertoire);</li>
 * <li>GB18030, GBK and ISO_IR 192 allow no code extensions: as value 1 the other values are ignored,
 *     elsewhere they are ignored themselves (as pydicom does);</li>
 * <li>bytes 0x80-0xFF where no G1 set is in force (e.g. undeclared Latin-1 under the default
 *     repertoire, or a missing escape after a delimiter) are read as ISO 8859-1, like pydicom; all
 *     known escape sequences are honoured even when their set was not declared; an unknown escape
 *     sequence, an unassigned or truncated code yields U+FFFD;</li>
 * <li>a first value that designates a two-byte G0 set (IR 87, IR 159) is taken as IR 6 initially,
 *     because delimiters must be readable in the initial state;</li>
 * <li>JIS X 0201 Roman (the G0 half of IR 13, ESC ( J) is read and written as ASCII: 0x5C stays ''
 *     (the value delimiter) and 0x7E '~', as pydicom reads them.</li>
 * </ul>
 *
 * <p>Encoding: single sets encode plainly. With code extensions each character is written in the set
 * already in force if it can hold it, else in the first declared set that can (its escape sequence is
 * written first), and the initial state is restored (by escape sequence where one exists) before every
 * delimiter and at the end of the value, as in the examples of PS3.5 Annexes H, I and K. A KS X 1001
 * designation goes to the head of its line or name component, as Annex I.3 shows. Characters that no
 * declared set holds are written as '?' ({@link #canEncode} tells beforehand). The default repertoire
 * encodes ASCII only, so undeclared Latin-1 that was read leniently comes back as '?': a writer should
 * declare a set that holds the text (e.g. ISO_IR 192) when canEncode is false. Padding to even length
 * is the caller's business.
 */
public final class SpecificCharacterSet {

    /** A Defined Term: the G0/G1 sets it designates, or the charset of a stand-alone set. */
    private record Term(CodeElement g0, CodeElement g1, Charset standalone) {
        static Term of(CodeElement g0, CodeElement g1) {
            return new Term(g0, g1, null);
        }
    }

    private static final Map<String, Term> TERMS = new HashMap<>();

    static {
        Object[][] singleByte = {
            {"6", CodeElement.ASCII, null},
            {"100", CodeElement.ASCII, CodeElement.LATIN1},
            {"101", CodeElement.ASCII, CodeElement.LATIN2},
            {"109", CodeElement.ASCII, CodeElement.LATIN3},
            {"110", CodeElement.ASCII, CodeElement.LATIN4},
            {"144", CodeElement.ASCII, CodeElement.CYRILLIC},
            {"127", CodeElement.ASCII, CodeElement.ARABIC},
            {"126", CodeElement.ASCII, CodeElement.GREEK},
            {"138", CodeElement.ASCII, CodeElement.HEBREW},
            {"148", CodeElement.ASCII, CodeElement.LATIN5},
            {"203", CodeElement.ASCII, CodeElement.LATIN9},
            {"166", CodeElement.ASCII, CodeElement.THAI},
            {"13", CodeElement.JIS_ROMAN, CodeElement.KATAKANA},
        };
        for (Object[] row : singleByte) {
            Term t = Term.of((CodeElement) row[1], (CodeElement) row[2]);
            TERMS.put("ISO_IR " + row[0], t);
            TERMS.put("ISO 2022 IR " + row[0], t);
        }
        TERMS.put("ISO 2022 IR 87", Term.of(CodeElement.JIS_X0208, null));
        TERMS.put("ISO 2022 IR 159", Term.of(CodeElement.JIS_X0212, null));
        TERMS.put("ISO 2022 IR 149", Term.of(null, CodeElement.KS_X1001));
        TERMS.put("ISO 2022 IR 58", Term.of(null, CodeElement.GB2312));
        TERMS.put("ISO_IR 192", new Term(null, null, StandardCharsets.UTF_8));
        TERMS.put("GB18030", new Term(null, null, Charset.forName("GB18030")));
        TERMS.put("GBK", new Term(null, null, Charset.forName("GBK")));
    }

    private static final Term IR6 = TERMS.get("ISO_IR 6");
    private static final Pattern ISO2022_IR = Pattern.compile("ISO[ _-]*2022[ _-]*IR[ _-]*(\\d+)");
    private static final Pattern ISO_IR = Pattern.compile("ISO[ _-]*IR[ _-]*(\\d+)");

    /** The default repertoire (ISO-IR 6): no (0008,0005), or an empty one. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

    private final List<String> terms;
    private final List<String> unknownTerms;
    /** Non-null for GB18030, GBK and UTF-8: the whole value is one charset. */
    private final Charset standalone;
    private final boolean extensions;
    private final CodeElement initialG0;
    private final CodeElement initialG1;
    /** Sets the encoder may designate, in declaration order. */
    private final List<CodeElement> candidates;

    private SpecificCharacterSet(List<String> terms) {
        this.terms = terms;
        List<String> unknown = new ArrayList<>();
        List<Term> known = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            String value = terms.get(i);
            Term t = value.isEmpty() && i == 0 ? IR6 : TERMS.get(value);
            if (t == null) {
                if (!value.isEmpty()) {
                    unknown.add(value);
                }
                t = TERMS.get(correct(value));
            }
            if (t != null && t.standalone() != null && i > 0) {
                t = null; // a stand-alone set cannot be a code extension
            }
            if (i == 0 || t != null) {
                known.add(t == null ? IR6 : t);
            }
        }
        this.unknownTerms = List.copyOf(unknown);
        Term first = known.isEmpty() ? IR6 : known.get(0);
        this.standalone = first.standalone();
        this.extensions = standalone == null
                && (terms.size() > 1 || (!terms.isEmpty() && correct(terms.get(0)).startsWith("ISO 2022")));
        this.initialG0 = first.g0() == null || first.g0().isMultiByte() ? CodeElement.ASCII : first.g0();
        this.initialG1 = standalone == null ? first.g1() : null;
        List<CodeElement> c = new ArrayList<>();
        c.add(initialG0);
        if (initialG1 != null) {
            c.add(initialG1);
        }
        if (extensions) {
            for (Term t : known) {
                for (CodeElement e : new CodeElement[] {t.g0(), t.g1()}) {
                    if (e != null && !c.contains(e)) {
                        c.add(e);
                    }
                }
            }
        }
        this.candidates = List.copyOf(c);
    }

    /**
     * The character set named by the values of (0008,0005) as read. Values are trimmed; a value that
     * still holds '\' (the raw, unsplit attribute) is split. Null or no values give {@link #DEFAULT}.
     * Never throws: see the class comment for unknown values.
     */
    public static SpecificCharacterSet of(String... values) {
        if (values == null) {
            return DEFAULT;
        }
        List<String> list = new ArrayList<>();
        for (String v : values) {
            for (String part : (v == null ? "" : v).split("\\\\", -1)) {
                list.add(part.trim());
            }
        }
        if (list.isEmpty() || (list.size() == 1 && list.get(0).isEmpty())) {
            return DEFAULT;
        }
        return new SpecificCharacterSet(Collections.unmodifiableList(list));
    }

    /** The Defined Term that a misspelt value evidently means, or the value itself. */
    private static String correct(String value) {
        String u = value.toUpperCase(Locale.ROOT).trim();
        Matcher m = ISO2022_IR.matcher(u);
        if (m.matches()) {
            return "ISO 2022 IR " + m.group(1);
        }
        m = ISO_IR.matcher(u);
        if (m.matches()) {
            return "ISO_IR " + m.group(1);
        }
        if (u.equals("UTF-8") || u.equals("UTF8")) {
            return "ISO_IR 192";
        }
        return u;
    }

    /** The values of (0008,0005) as given (trimmed); empty for {@link #DEFAULT}. */
    public List<String> terms() {
        return terms;
    }

    /** The values that are not Defined Terms (as written); decoding falls back as the class comment says. */
    public List<String> unknownTerms() {
        return unknownTerms;
    }

    /** True when text is read and written in the default repertoire alone, without code extensions. */
    public boolean isDefault() {
        return standalone == null && !extensions && initialG0 == CodeElement.ASCII && initialG1 == null;
    }

    /** True when ISO 2022 escape sequences are in use (several values, or "ISO 2022 ..."). */
    public boolean usesCodeExtensions() {
        return extensions;
    }

    /**
     * Decodes a whole raw text value (several '\'-separated values included; padding is kept). A null
     * {@code vr} is taken as a multi-valued, non-PN text VR.
     */
    public String decode(byte[] value, VR vr) {
        if (value == null || value.length == 0) {
            return "";
        }
        if (standalone != null) {
            return new String(value, standalone);
        }
        StringBuilder sb = new StringBuilder(value.length);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int n = value.length;
        int i = 0;
        while (i < n) {
            int b = value[i] & 0xFF;
            if (b == CodeElement.ESC && extensions) {
                int end = escapeEnd(value, i);
                CodeElement e = CodeElement.forEscape(value, i, end);
                if (e == null) {
                    sb.append('\uFFFD');
                } else if (e.isG1()) {
                    g1 = e;
                } else {
                    g0 = e;
                }
                i = end;
            } else if (b < 0x80) {
                if (g0.isMultiByte() && inRange(b, 0x21, 0x7E)) {
                    i += pair(sb, g0, value, i, 0x21, 0x7E);
                } else {
                    if (isDelimiter(b, vr)) {
                        g0 = initialG0;
                        g1 = initialG1;
                    }
                    sb.append((char) b); // ASCII; also JIS X 0201 Roman, see CodeElement.JIS_ROMAN
                    i++;
                }
            } else if (g1 == null) {
                sb.append((char) b); // lenient: ISO 8859-1
                i++;
            } else if (g1.isMultiByte()) {
                i += pair(sb, g1, value, i, 0xA1, 0xFE);
            } else {
                sb.append(g1.decodeUpper(b));
                i++;
            }
        }
        return sb.toString();
    }

    /** Appends the character of the two-byte code at {@code v[i]}; returns the bytes consumed. */
    private static int pair(StringBuilder sb, CodeElement set, byte[] v, int i, int lo, int hi) {
        int b1 = v[i] & 0xFF;
        if (inRange(b1, lo, hi) && i + 1 < v.length && inRange(v[i + 1] & 0xFF, lo, hi)) {
            sb.append(set.decodePair(b1, v[i + 1] & 0xFF));
            return 2;
        }
        sb.append('\uFFFD'); // half a code: skip one byte so a following control or ESC is still seen
        return 1;
    }

    /** End (exclusive) of the escape sequence at {@code v[i]}: ESC, intermediates 0x20-0x2F, a final byte. */
    private static int escapeEnd(byte[] v, int i) {
        int j = i + 1;
        while (j < v.length && inRange(v[j] & 0xFF, 0x20, 0x2F)) {
            j++;
        }
        return j < v.length && inRange(v[j] & 0xFF, 0x30, 0x7E) ? j + 1 : j;
    }

    private static boolean inRange(int b, int lo, int hi) {
        return b >= lo && b <= hi;
    }

    /** Characters at which the code extension state returns to the initial one (PS3.5 §6.1.2.5.3). */
    private static boolean isDelimiter(int c, VR vr) {
        switch (c) {
            case '\r': case '\n': case '\f': case '\t':
                return true;
            case '\\':
                return vr == null || !vr.isSingleValuedText();
            case '^': case '=':
                return vr == VR.PN;
            default:
                return false;
        }
    }

    /** True when every character of {@code text} can be encoded in this character set. */
    public boolean canEncode(String text) {
        if (standalone != null) {
            return standalone.newEncoder().canEncode(text);
        }
        return text.codePoints().allMatch(cp -> candidates.stream().anyMatch(e -> e.encode(cp) != null));
    }

    /**
     * Encodes {@code text} (which may hold several '\'-separated values) for a value of {@code vr}
     * (null: multi-valued, non-PN). Unencodable characters become '?'. No padding is added.
     */
    public byte[] encode(String text, VR vr) {
        if (text == null || text.isEmpty()) {
            return new byte[0];
        }
        if (standalone != null) {
            return text.getBytes(standalone); // the JDK writes '?' for what it cannot map
        }
        Out out = new Out(text.length() * 2);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int segmentStart = 0;      // where the current line / component began in out
        boolean g1Untouched = true; // no G1 byte or designation since segmentStart
        for (int k = 0; k < text.length(); ) {
            int cp = text.codePointAt(k);
            k += Character.charCount(cp);
            if (isDelimiter(cp, vr)) {
                restore(out, g0, g1);
                g0 = initialG0;
                g1 = initialG1;
                out.write(new byte[] {(byte) cp});
                segmentStart = out.size();
                g1Untouched = true;
                continue;
            }
            CodeElement e = choose(cp, g0, g1);
            if (e == null) {
                cp = '?';
                e = choose(cp, g0, g1);
            }
            if (e.isG1() && e != g1) {
                if (e == CodeElement.KS_X1001 && g1Untouched) {
                    out.insert(segmentStart, e.escape()); // Annex I.3: at the head of the line
                } else {
                    out.write(e.escape());
                }
                g1 = e;
            } else if (!e.isG1() && e != g0) {
                out.write(e.escape());
                g0 = e;
            }
            g1Untouched &= !e.isG1();
            out.write(e.encode(cp));
        }
        restore(out, g0, g1);
        return out.toByteArray();
    }

    /** The set to write {@code cp} in: one in force if it holds it, else the first declared that does. */
    private CodeElement choose(int cp, CodeElement g0, CodeElement g1) {
        if (g0.encode(cp) != null) {
            return g0;
        }
        if (g1 != null && g1.encode(cp) != null) {
            return g1;
        }
        if (!extensions) {
            return null;
        }
        for (CodeElement e : candidates) {
            if (e.encode(cp) != null) {
                return e;
            }
        }
        return null;
    }

    /** Writes the escape sequences that return to the initial state (G1 only if it has one). */
    private void restore(Out out, CodeElement g0, CodeElement g1) {
        if (g0 != initialG0) {
            out.write(initialG0.escape());
        }
        if (g1 != initialG1 && initialG1 != null) {
            out.write(initialG1.escape());
        }
    }

    /** A byte buffer that can also insert. */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        void write(byte[] b) {
            insert(size, b);
        }

        void insert(int at, byte[] b) {
            if (size + b.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
            }
            System.arraycopy(buf, at, buf, at + b.length, size - at);
            System.arraycopy(b, 0, buf, at, b.length);
            size += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet s && s.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** The values joined by '\', as in the attribute. */
    @Override
    public String toString() {
        return String.join("\\", terms);
    }
}
