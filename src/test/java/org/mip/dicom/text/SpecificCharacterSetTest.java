package org.mip.dicom.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mip.dicom.text.Bytes.ESC;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.dicom.VR;

class SpecificCharacterSetTest {

    /** Every supported Defined Term, a name in its characters, and a character it lacks. */
    static Stream<Arguments> terms() {
        return Stream.of(
            Arguments.of("ISO_IR 6", "Smith^John\\Doe", "é"),
            Arguments.of("ISO_IR 100", "Buc^Jérôme", "Ł"),
            Arguments.of("ISO_IR 101", "Wałęsa^Lech", "è"),
            Arguments.of("ISO_IR 109", "antaŭnomo^Ĝis", "Ł"),
            Arguments.of("ISO_IR 110", "vārds^Ņina", "Ő"),
            Arguments.of("ISO_IR 144", "Люкceмбypг^Иван", "Ґ"),
            Arguments.of("ISO_IR 127", "قباني^لنزار", "ژ"),
            Arguments.of("ISO_IR 126", "Διονυσιος^Άλφα", "Ж"),
            Arguments.of("ISO_IR 138", "שרון^דבורה", "ش"),
            Arguments.of("ISO_IR 148", "Çavuşoğlu^İsmail", "Ő"),
            Arguments.of("ISO_IR 203", "Œuvre^Ÿves €", "Ł"),
            Arguments.of("ISO_IR 166", "นามสกุล^ชื่อ", "王"),
            Arguments.of("ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "山"),
            Arguments.of("ISO_IR 192", "Wang^XiaoDong=王^小東=😀 Ünïcødé", "\uD800"),
            Arguments.of("GB18030", "Wang^XiaoDong=王^小东=😀", "\uD800"),
            Arguments.of("GBK", "Wang^XiaoDong=王^小东=", "😀"),
            Arguments.of("ISO 2022 IR 6", "Smith^John", "é"),
            Arguments.of("ISO 2022 IR 100", "Buc^Jérôme", "Ł"),
            Arguments.of("ISO 2022 IR 101", "Wałęsa^Lech", "è"),
            Arguments.of("ISO 2022 IR 109", "antaŭnomo^Ĝis", "Ł"),
            Arguments.of("ISO 2022 IR 110", "vārds^Ņina", "Ő"),
            Arguments.of("ISO 2022 IR 144", "Люкceмбypг^Иван", "Ґ"),
            Arguments.of("ISO 2022 IR 127", "قباني^لنزار", "ژ"),
            Arguments.of("ISO 2022 IR 126", "Διονυσιος^Άλφα", "Ж"),
            Arguments.of("ISO 2022 IR 138", "שרון^דבורה", "ش"),
            Arguments.of("ISO 2022 IR 148", "Çavuşoğlu^İsmail", "Ő"),
            Arguments.of("ISO 2022 IR 203", "Œuvre^Ÿves €", "Ł"),
            Arguments.of("ISO 2022 IR 166", "นามสกุล^ชื่อ", "王"),
            Arguments.of("ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "山"),
            // Code extensions from IR 6: every non-ASCII run needs an escape sequence.
            Arguments.of("\\ISO 2022 IR 100", "Buc^Jérôme", "Ł"),
            Arguments.of("\\ISO 2022 IR 144", "Люкceмбypг^Иван", "Ґ"),
            Arguments.of("\\ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "山"),
            Arguments.of("\\ISO 2022 IR 166", "นามสกุล^ชื่อ", "王"),
            Arguments.of("\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう", "鷗"),
            Arguments.of("\\ISO 2022 IR 159", "Mori^Ogai=鷗", "山"),
            Arguments.of("\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동", "ก"),
            Arguments.of("\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=", "ก"),
            // Several extensions in one value: Latin-1, Greek and Cyrillic, each by its escape.
            Arguments.of("ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 144", "Jérôme Διονυσιος Иван^é", "王"),
            Arguments.of("ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田 鷗外^a~b", "ก"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void roundTripsItsCharacters(String term, String text, String outsider) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        assertTrue(cs.unknownTerms().isEmpty());
        assertTrue(cs.canEncode(text));
        for (VR vr : new VR[] {VR.PN, VR.LO, VR.LT}) {
            byte[] encoded = cs.encode(text, vr);
            assertEquals(text, cs.decode(encoded, vr), vr.name());
            assertArrayEquals(encoded, cs.encode(cs.decode(encoded, vr), vr), vr.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void replacesWhatItCannotEncodeByQuestionMark(String term, String text, String outsider) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        assertFalse(cs.canEncode(outsider), outsider);
        assertFalse(cs.canEncode(text + outsider));
        assertEquals(text + "?", cs.decode(cs.encode(text + outsider, VR.PN), VR.PN));
    }

    @Test
    void singleByteTermsUseTheirOwnBytes() {
        assertArrayEquals(Bytes.of("Buc^J", 0xE9, "r", 0xF4, "me"),
            SpecificCharacterSet.of("ISO_IR 100").encode("Buc^Jérôme", VR.PN));
        assertArrayEquals(Bytes.of(0xBB, 0xEE, 0xDA, "ce", 0xDC, 0xD1, "yp", 0xD3),
            SpecificCharacterSet.of("ISO_IR 144").encode("Люкceмбypг", VR.PN));
        assertArrayEquals(Bytes.of(0xB9, 0xD2, 0xC1, 0xCA, 0xA1, 0xD8, 0xC5),
            SpecificCharacterSet.of("ISO_IR 166").encode("นามสกุล", VR.PN));
        assertArrayEquals(Bytes.of(0xBC, "uvre ", 0xA4),
            SpecificCharacterSet.of("ISO_IR 203").encode("Œuvre €", VR.LO));
        assertArrayEquals(Bytes.of(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3),
            SpecificCharacterSet.of("ISO_IR 13").encode("ﾔﾏﾀﾞ^ﾀﾛｳ", VR.PN));
    }

    @Test
    void singleByteCodeExtensionsDecodeAsPydicomsVectorsShow() {
        // From pydicom's test_charset.py: an escape per component, since '^' resets G1.
        assertEquals("ASCII+Buc^Jérôme", SpecificCharacterSet.of("", "ISO 2022 IR 100").decode(
            Bytes.of("ASCII+", ESC, "-ABuc^", ESC, "-AJ", 0xE9, "r", 0xF4, "me"), VR.PN));
        assertEquals("ASCII+ﾔﾏﾀﾞ^ﾀﾛｳ", SpecificCharacterSet.of("", "ISO 2022 IR 13").decode(
            Bytes.of("ASCII+", ESC, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", ESC, ")I", 0xC0, 0xDB, 0xB3), VR.PN));
    }

    @Test
    void delimitersResetTheStateSoEachComponentCarriesItsEscape() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 13");
        assertArrayEquals(Bytes.of(ESC, ")I", 0xD4, "^", ESC, ")I", 0xC0),
            cs.encode("ﾔ^ﾀ", VR.PN));
        // In LO, '^' is an ordinary character: the designation holds across it.
        assertArrayEquals(Bytes.of(ESC, ")I", 0xD4, "^", 0xC0), cs.encode("ﾔ^ﾀ", VR.LO));
        // A missing escape after '^' leaves G1 empty: pydicom reads those bytes as Latin-1, so do we.
        assertEquals("ﾔﾏﾀﾞ^ÀÛ³",
            cs.decode(Bytes.of(ESC, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3), VR.PN));
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ",
            cs.decode(Bytes.of(ESC, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3), VR.LO));
    }

    @Test
    void twoByteG0ReturnsToAsciiBeforeEveryDelimiterAndAtTheEnd() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertArrayEquals(Bytes.of(ESC, "$B;3", ESC, "(B\\", ESC, "$BED", ESC, "(B\r\n", ESC, "$B;3", ESC, "(B"),
            cs.encode("山\\田\r\n山", VR.LT));
        // LT: '\' is text; JIS X 0208 cannot hold it, so ASCII is designated for it.
        assertEquals("山\\田", cs.decode(cs.encode("山\\田", VR.LT), VR.LT));
    }

    @Test
    void backslashInsideATwoByteCodeIsNotADelimiter() {
        // JIS X 0208 0x305C is 移: its second byte is '\' while G0 is two-byte.
        SpecificCharacterSet jis = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] jisBytes = Bytes.of(ESC, "$B", 0x30, 0x5C, ESC, "(B\\x");
        assertEquals("移\\x", jis.decode(jisBytes, VR.LO));
        assertArrayEquals(jisBytes, jis.encode("移\\x", VR.LO));
        // GBK 0x815C is 乗, GB18030 too: decoded whole, never split on the 0x5C byte.
        for (String term : List.of("GBK", "GB18030")) {
            SpecificCharacterSet gb = SpecificCharacterSet.of(term);
            byte[] gbBytes = Bytes.of(0x81, 0x5C, "\\", 0xCD, 0xF5);
            assertEquals("乗\\王", gb.decode(gbBytes, VR.LO), term);
            assertArrayEquals(gbBytes, gb.encode("乗\\王", VR.LO), term);
        }
    }

    @Test
    void unknownTermsAreKeptReportedAndDecodedLeniently() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 999");
        assertEquals(List.of("ISO_IR 999"), cs.terms());
        assertEquals(List.of("ISO_IR 999"), cs.unknownTerms());
        // Falls back to the default repertoire; high bytes read as ISO 8859-1, nothing lost.
        assertEquals("Jérôme", cs.decode(Bytes.of("J", 0xE9, "r", 0xF4, "me"), VR.PN));
        assertFalse(cs.canEncode("é"));
        assertArrayEquals(Bytes.of("J?r?me"), cs.encode("Jérôme", VR.PN));

        // An unknown extension is ignored; the known ones still work.
        SpecificCharacterSet mixed = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 146", "ISO 2022 IR 144");
        assertEquals(List.of("ISO 2022 IR 146"), mixed.unknownTerms());
        assertEquals("é Ж", mixed.decode(mixed.encode("é Ж", VR.LO), VR.LO));

        // Misspellings that plainly name a Defined Term are used, and still reported.
        for (String typo : List.of("ISO-IR 100", "ISO IR 100", "ISO_IR100", "iso_ir 100")) {
            SpecificCharacterSet t = SpecificCharacterSet.of(typo);
            assertEquals(List.of(typo), t.unknownTerms(), typo);
            assertEquals("Jérôme", t.decode(Bytes.of("J", 0xE9, "r", 0xF4, "me"), VR.PN), typo);
        }
        SpecificCharacterSet utf8 = SpecificCharacterSet.of("UTF-8");
        assertEquals("王", utf8.decode("王".getBytes(StandardCharsets.UTF_8), VR.PN));
        SpecificCharacterSet jis = SpecificCharacterSet.of("", "ISO 2022-IR 87");
        assertEquals(List.of("ISO 2022-IR 87"), jis.unknownTerms());
        assertEquals("山", jis.decode(Bytes.of(ESC, "$B;3", ESC, "(B"), VR.PN));
    }

    @Test
    void unknownEscapeSequencesAndBrokenCodesBecomeReplacementCharacters() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        assertEquals("a\uFFFDb", cs.decode(Bytes.of("a", ESC, "%Gb"), VR.LO));
        // Half a two-byte code before a delimiter: the delimiter still counts.
        assertEquals("\uFFFD\r\nx", cs.decode(Bytes.of(ESC, "$B;\r\nx"), VR.LT));
        SpecificCharacterSet ko = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        assertEquals("\uFFFDa", ko.decode(Bytes.of(ESC, "$)C", 0xB1, "a"), VR.LO));
    }

    @Test
    void standAloneSetsAllowNoCodeExtensions() {
        SpecificCharacterSet first = SpecificCharacterSet.of("ISO_IR 192", "ISO 2022 IR 87");
        assertFalse(first.usesCodeExtensions());
        assertArrayEquals("山".getBytes(StandardCharsets.UTF_8), first.encode("山", VR.PN));
        // Elsewhere the stand-alone value is ignored (as pydicom does).
        SpecificCharacterSet later = SpecificCharacterSet.of("ISO 2022 IR 100", "GB18030");
        assertTrue(later.unknownTerms().isEmpty());
        assertFalse(later.canEncode("王"));
    }

    @Test
    void escapeBytesAreTextWithoutCodeExtensions() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");
        assertFalse(cs.usesCodeExtensions());
        assertEquals("\u001B$B;3", cs.decode(Bytes.of(ESC, "$B;3"), VR.LO));
    }

    @Test
    void termsAreTrimmedAndTheRawAttributeIsSplit() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87 ");
        assertEquals(List.of("", "ISO 2022 IR 87"), cs.terms());
        assertTrue(cs.usesCodeExtensions());
        assertEquals(cs, SpecificCharacterSet.of("", "ISO 2022 IR 87"));
        assertEquals("\\ISO 2022 IR 87", cs.toString());
        assertTrue(SpecificCharacterSet.of("ISO 2022 IR 87").usesCodeExtensions());
        assertTrue(SpecificCharacterSet.of("ISO_IR 100", "ISO_IR 144").usesCodeExtensions());
    }

    @Test
    void defaultRepertoire() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of(""));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String[]) null));
        assertTrue(SpecificCharacterSet.DEFAULT.isDefault());
        assertTrue(SpecificCharacterSet.DEFAULT.terms().isEmpty());
        assertTrue(SpecificCharacterSet.of("ISO_IR 6").isDefault());
        assertFalse(SpecificCharacterSet.of("ISO_IR 100").isDefault());
        assertFalse(SpecificCharacterSet.of("", "ISO 2022 IR 87").isDefault());
        assertEquals("", SpecificCharacterSet.DEFAULT.decode(new byte[0], VR.PN));
        assertEquals("A\\B ", SpecificCharacterSet.DEFAULT.decode(Bytes.of("A\\B "), VR.LO));
        assertTrue(SpecificCharacterSet.DEFAULT.canEncode("Any ASCII ~\\^="));
    }
}
